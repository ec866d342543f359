import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { DomainError } from "../../domain/errors";
import type { ApiKeyStore } from "../../store/api-keys";
import type { TenantStore } from "../../store/tenants";
import type { AppEnv } from "../context";
import { named, responses } from "../schemas";

const WhoAmISchema = named(
  "WhoAmI",
  v.variant("kind", [
    v.object({ kind: v.literal("admin") }),
    v.object({
      kind: v.literal("tenant"),
      tenantId: v.string(),
      tenantName: v.string(),
      keyId: v.string(),
      keyName: v.string(),
      keyExpiresAt: v.pipe(v.nullable(v.string()), v.description("Null: the key does not expire")),
    }),
  ]),
);

/**
 * `GET /v1/whoami`: whom the key sent belongs to, so a client (the console) can tell the
 * operator's key from a tenant's and show which tenant and key it acts as.
 */
export function whoAmIRoutes(deps: { tenants: TenantStore; apiKeys: ApiKeyStore }) {
  return new Hono<AppEnv>().get(
    "/",
    describeRoute({
      tags: ["Tenants"],
      summary: "Whom this key belongs to: the admin, or a tenant and which of its keys",
      responses: responses(WhoAmISchema),
    }),
    async (c) => {
      const principal = c.get("principal");
      if (principal.kind === "admin") return c.json({ kind: "admin" as const });
      // Call tokens are refused before this route (they only reach /v1/calls); never say admin.
      if (principal.kind !== "tenant") throw new DomainError("forbidden", "not for call tokens");
      const [tenant, key] = await Promise.all([
        deps.tenants.get(principal.tenantId),
        deps.apiKeys.get(principal.tenantId, principal.keyId),
      ]);
      return c.json({
        kind: "tenant" as const,
        tenantId: tenant.id,
        tenantName: tenant.name,
        keyId: key.id,
        keyName: key.name,
        keyExpiresAt: key.expiresAt,
      });
    },
  );
}
