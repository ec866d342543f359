import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { invalid } from "../../domain/errors";
import type { ApiKeyStore } from "../../store/api-keys";
import type { TenantStore } from "../../store/tenants";
import type { AppEnv } from "../context";
import { named, noContent, PageQuery, pageOf, resourceId, responses } from "../schemas";
import { expiryBound, tenantAccess } from "../scope";
import { validate } from "../validate";

const TenantParam = v.object({ tenantId: resourceId("ten") });
const KeyParam = v.object({ tenantId: resourceId("ten"), keyId: resourceId("key") });
const CreateKey = named(
  "ApiKeyCreate",
  v.strictObject({
    name: v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(100)),
    expiresAt: v.optional(
      v.pipe(
        v.string(),
        v.isoTimestamp("must be an ISO 8601 timestamp"),
        v.check((t) => Date.parse(t) > Date.now(), "must be in the future"),
      ),
    ),
  }),
);

const ApiKeyFields = v.object({
  id: v.string(),
  tenantId: v.string(),
  name: v.string(),
  prefix: v.string(),
  createdAt: v.string(),
  lastUsedAt: v.nullable(v.string()),
  expiresAt: v.nullable(v.string()),
  revokedAt: v.nullable(v.string()),
});
export const ApiKeySchema = named("ApiKey", ApiKeyFields);
const CreatedKeySchema = named(
  "ApiKeyCreated",
  v.object({
    ...ApiKeyFields.entries,
    key: v.pipe(v.string(), v.description("The full key. Shown this once; only its hash is kept.")),
  }),
);

/** Tenant API keys: the admin manages any tenant's, a tenant key its own tenant's. */
export function apiKeyRoutes(keys: ApiKeyStore, tenants: TenantStore) {
  return new Hono<AppEnv>()
    .use("/:tenantId/keys", tenantAccess(tenants))
    .use("/:tenantId/keys/*", tenantAccess(tenants))
    .post(
      "/:tenantId/keys",
      describeRoute({
        tags: ["API keys"],
        summary: "Create an API key",
        description:
          "A key never outlives the tenant key that creates it: when the caller's key expires, " +
          "a new key without `expiresAt` expires with it, and an `expiresAt` later than the " +
          "caller's expiry is refused (400). Keys made with the admin key have no such bound.",
        responses: responses(CreatedKeySchema, 201, "Created"),
      }),
      validate("param", TenantParam),
      validate("json", CreateKey),
      async (c) => {
        const { tenantId } = c.req.valid("param");
        const { name, expiresAt } = c.req.valid("json");
        const bound = expiryBound(c.get("principal"));
        if (bound && expiresAt && Date.parse(expiresAt) > Date.parse(bound)) {
          throw invalid(
            `body.expiresAt: must not be later than ${bound}, when the key making this request expires`,
          );
        }
        const { apiKey, key } = await keys.create(tenantId, name, expiresAt ?? bound);
        return c.json({ ...apiKey, key }, 201);
      },
    )
    .get(
      "/:tenantId/keys",
      describeRoute({
        tags: ["API keys"],
        summary: "List API keys",
        responses: responses(pageOf(ApiKeySchema)),
      }),
      validate("param", TenantParam),
      validate("query", PageQuery),
      async (c) => {
        const { tenantId } = c.req.valid("param");
        return c.json(await keys.list(tenantId, c.req.valid("query")));
      },
    )
    .get(
      "/:tenantId/keys/:keyId",
      describeRoute({
        tags: ["API keys"],
        summary: "Get an API key",
        responses: responses(ApiKeySchema),
      }),
      validate("param", KeyParam),
      async (c) => {
        const { tenantId, keyId } = c.req.valid("param");
        return c.json(await keys.get(tenantId, keyId));
      },
    )
    .delete(
      "/:tenantId/keys/:keyId",
      describeRoute({ tags: ["API keys"], summary: "Revoke an API key", responses: noContent }),
      validate("param", KeyParam),
      async (c) => {
        const { tenantId, keyId } = c.req.valid("param");
        await keys.revoke(tenantId, keyId);
        return c.body(null, 204);
      },
    );
}
