import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import {
  CREDENTIAL_KINDS,
  type CredentialKind,
  type CredentialValues,
  CredentialValuesSchema,
} from "../../domain/credentials";
import { invalid } from "../../domain/errors";
import { type EgressPolicy, EgressRefused } from "../../net/egress-guard";
import type { CredentialStore } from "../../store/credentials";
import type { TenantStore } from "../../store/tenants";
import type { WebhookTokenStore } from "../../store/webhook-tokens";
import type { AppEnv } from "../context";
import { named, noContent, PageQuery, pageOf, resourceId, responses } from "../schemas";
import { tenantAccess } from "../scope";
import { validate } from "../validate";
import { watiWebhookUrl } from "./webhook-tokens";

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
    kind: v.picklist(Object.keys(CREDENTIAL_KINDS) as CredentialKind[]),
    values: v.pipe(
      v.record(v.string(), v.string()),
      v.description("Secret fields show only a masked form"),
    ),
    createdAt: v.string(),
    updatedAt: v.string(),
    webhookUrl: v.optional(
      v.pipe(
        v.string(),
        v.description("Wati only, the first time: the webhook URL with its token"),
      ),
    ),
  }),
);
const CredentialBody = named("CredentialValues", CredentialValuesSchema);

/**
 * A URL the gateway will fetch for the tenant, refused on the spot when no lookup could make it
 * acceptable (another scheme, user info, a private or metadata address written literally). Names
 * still go through the full check, after resolution, whenever they are fetched.
 */
function refuseUnreachableUrls(values: CredentialValues, egress: EgressPolicy) {
  const [field, url] =
    values.kind === "wati"
      ? ["baseUrl", values.baseUrl]
      : values.kind === "livekit"
        ? // LiveKit's server is reached over http(s) and ws(s) alike.
          ["url", values.url.replace(/^ws(s?):/, "http$1:")]
        : ["", undefined];
  if (url === undefined) return;
  try {
    egress.checkUrl(url);
  } catch (error) {
    if (!(error instanceof EgressRefused)) throw error;
    const message = `the gateway does not fetch this URL: ${error.explanation}`;
    throw invalid(`body.${field}: ${message}`, { issues: [{ field: `body.${field}`, message }] });
  }
}

/** Provider credentials: written in full, read back masked, never returned in plain. */
export function credentialRoutes(
  credentials: CredentialStore,
  tenants: TenantStore,
  webhooks: { tokens: WebhookTokenStore; publicBaseUrl: string | undefined },
  egress: EgressPolicy,
) {
  return new Hono<AppEnv>()
    .use("/:tenantId/credentials", tenantAccess(tenants))
    .use("/:tenantId/credentials/*", tenantAccess(tenants))
    .put(
      "/:tenantId/credentials/:name",
      describeRoute({
        tags: ["Credentials"],
        summary: "Set a credential (replaces any with that name); sealed with AES-256-GCM",
        description:
          "The first time a tenant sets a `wati` credential, the answer also holds `webhookUrl`: the URL (with its secret token) to give Wati, shown only this once.",
        responses: responses(MaskedCredentialSchema),
      }),
      validate("param", NameParam),
      validate("json", CredentialBody),
      async (c) => {
        const { tenantId, name } = c.req.valid("param");
        const values = c.req.valid("json");
        refuseUnreachableUrls(values, egress);
        const stored = await credentials.put(tenantId, name, values);
        if (values.kind !== "wati" || (await webhooks.tokens.exists(tenantId, "wati")))
          return c.json(stored);
        const token = await webhooks.tokens.rotate(tenantId, "wati");
        return c.json({
          ...stored,
          webhookUrl: watiWebhookUrl(webhooks.publicBaseUrl, tenantId, token),
        });
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
