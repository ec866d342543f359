import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { CredentialValuesSchema } from "../../domain/credentials";
import type { CredentialStore } from "../../store/credentials";
import type { TenantStore } from "../../store/tenants";
import type { AppEnv } from "../context";
import { named, noContent, PageQuery, pageOf, resourceId, responses } from "../schemas";
import { tenantAccess } from "../scope";
import { validate } from "../validate";

const credentialName = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be 1–63 lower-case letters, digits, '_' or '-'"),
);
const TenantParam = v.object({ tenantId: resourceId("ten") });
const NameParam = v.object({ tenantId: resourceId("ten"), name: credentialName });

export const MaskedCredentialSchema = named(
  "Credential",
  v.object({
    id: v.string(),
    tenantId: v.string(),
    name: v.string(),
    kind: v.picklist(["whatsapp_cloud", "wati", "livekit", "dify", "http_auth"]),
    values: v.pipe(
      v.record(v.string(), v.string()),
      v.description("Secret fields show only a masked form"),
    ),
    createdAt: v.string(),
    updatedAt: v.string(),
  }),
);
const CredentialValues = named("CredentialValues", CredentialValuesSchema);

/** Provider credentials: written in full, read back masked, never returned in plain. */
export function credentialRoutes(credentials: CredentialStore, tenants: TenantStore) {
  return new Hono<AppEnv>()
    .use("/:tenantId/credentials", tenantAccess(tenants))
    .use("/:tenantId/credentials/*", tenantAccess(tenants))
    .put(
      "/:tenantId/credentials/:name",
      describeRoute({
        tags: ["Credentials"],
        summary: "Set a credential (replaces any with that name); sealed with AES-256-GCM",
        responses: responses(MaskedCredentialSchema),
      }),
      validate("param", NameParam),
      validate("json", CredentialValues),
      async (c) => {
        const { tenantId, name } = c.req.valid("param");
        return c.json(await credentials.put(tenantId, name, c.req.valid("json")));
      },
    )
    .get(
      "/:tenantId/credentials",
      describeRoute({
        tags: ["Credentials"],
        summary: "List credentials (masked)",
        responses: responses(pageOf(MaskedCredentialSchema)),
      }),
      validate("param", TenantParam),
      validate("query", PageQuery),
      async (c) => {
        const { tenantId } = c.req.valid("param");
        return c.json(await credentials.list(tenantId, c.req.valid("query")));
      },
    )
    .get(
      "/:tenantId/credentials/:name",
      describeRoute({
        tags: ["Credentials"],
        summary: "Read a credential (masked)",
        responses: responses(MaskedCredentialSchema),
      }),
      validate("param", NameParam),
      async (c) => {
        const { tenantId, name } = c.req.valid("param");
        return c.json(await credentials.get(tenantId, name));
      },
    )
    .delete(
      "/:tenantId/credentials/:name",
      describeRoute({ tags: ["Credentials"], summary: "Clear a credential", responses: noContent }),
      validate("param", NameParam),
      async (c) => {
        const { tenantId, name } = c.req.valid("param");
        await credentials.remove(tenantId, name);
        return c.body(null, 204);
      },
    );
}
