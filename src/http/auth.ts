import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { DomainError } from "../domain/errors";
import type { AdminKey } from "../store/admin-key";
import type { ApiKeyStore } from "../store/api-keys";
import type { TenantStore } from "../store/tenants";
import type { CallTokens } from "./call-tokens";
import type { AppEnv, Principal } from "./context";

export interface AuthDeps {
  adminKey: AdminKey;
  apiKeys: ApiKeyStore;
  tenants: TenantStore;
  callTokens: CallTokens;
}

const unauthorized = (message: string) => new DomainError("unauthorized", message);

/** Resolves `Authorization: Bearer <key>` to a principal, or refuses with 401/403. */
export function requireAuth(deps: AuthDeps): MiddlewareHandler<AppEnv> {
  return async function auth(c, next) {
    const header = c.req.header("authorization");
    if (!header) throw unauthorized("missing Authorization header; send 'Bearer <api key>'");
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw unauthorized("Authorization header must be 'Bearer <api key>'");
    const presented = match[1];
    const principal = await identify(deps, presented);
    if (!principal) throw unauthorized("API key is invalid, expired or revoked");
    if (principal.kind !== "admin") {
      const tenant = await deps.tenants.get(principal.tenantId);
      if (tenant.status !== "active") throw new DomainError("forbidden", "tenant is suspended");
      c.set("log", c.get("log").child({ tenantId: principal.tenantId }));
    }
    c.set("principal", principal);
    await next();
  };
}

async function identify(deps: AuthDeps, presented: string): Promise<Principal | null> {
  // The admin key is tried first, whatever its shape: ADMIN_API_KEY may be any long value, not
  // only one minted as `av_admin_…`. The comparison is of hashes, in constant time.
  if (deps.adminKey.matches(presented)) return { kind: "admin" };
  if (presented.startsWith("avt_")) {
    const checked = deps.callTokens.check(presented);
    if (!checked.ok) {
      throw unauthorized(
        checked.reason === "expired" ? "call token has expired" : "call token is invalid",
      );
    }
    return {
      kind: "call_token",
      tenantId: checked.claims.tenantId,
      agentId: checked.claims.agentId,
      tokenId: createHash("sha256").update(presented).digest("base64url").slice(0, 22),
    };
  }
  const key = await deps.apiKeys.verify(presented);
  return key
    ? { kind: "tenant", tenantId: key.tenantId, keyId: key.id, keyExpiresAt: key.expiresAt }
    : null;
}

/** Call tokens open calls to one agent and nothing else. */
export const confineCallTokens: MiddlewareHandler<AppEnv> = async function confine(c, next) {
  const principal = c.get("principal");
  if (principal.kind === "call_token" && !/^\/v1\/calls(\/|$)/.test(c.req.path)) {
    throw new DomainError("forbidden", "a call token can only start and manage calls");
  }
  await next();
};

/** Routes only the operator may use. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async function admin(c, next) {
  if (c.get("principal").kind !== "admin") {
    throw new DomainError("forbidden", "this action needs the admin key");
  }
  await next();
};
