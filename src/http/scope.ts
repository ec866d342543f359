import type { MiddlewareHandler } from "hono";
import { DomainError, invalid, notFound } from "../domain/errors";
import type { TenantStore } from "../store/tenants";
import type { AppEnv, Principal } from "./context";

/** The tenant a request is confined to; null for the admin, who sees every tenant. */
export function scopeOf(principal: Principal): string | null {
  return principal.kind === "admin" ? null : principal.tenantId;
}

/**
 * When anything `principal` creates that grants access (an API key, a call token) must expire
 * at the latest, so that it never outlives the key that made it; null when there is no bound.
 */
export function expiryBound(principal: Principal): string | null {
  return principal.kind === "tenant" ? principal.keyExpiresAt : null;
}

/**
 * The tenant a new resource belongs to. A tenant key always writes to its own tenant (naming
 * another is a 404, as if it did not exist); the admin must say which tenant.
 */
export function owningTenant(principal: Principal, requested: string | undefined): string {
  if (principal.kind !== "admin") {
    if (requested !== undefined && requested !== principal.tenantId) throw notFound("tenant");
    return principal.tenantId;
  }
  if (!requested)
    throw new DomainError("invalid", "body.tenantId: required when using the admin key");
  return requested;
}

/** A tenant key may only reach its own tenant's path; others answer 404. */
export function assertTenantAccess(principal: Principal, tenantId: string): void {
  if (principal.kind !== "admin" && principal.tenantId !== tenantId) throw notFound("tenant");
}

/**
 * For routes under `/tenants/{tenantId}/…`: the tenant must exist and be the caller's own
 * (another tenant's answers 404, as if it did not exist).
 */
export function tenantAccess(tenants: TenantStore): MiddlewareHandler<AppEnv> {
  return async function tenantInPath(c, next) {
    const tenantId = c.req.param("tenantId") ?? "";
    if (!/^ten_[0-9a-z]{23}$/.test(tenantId)) throw invalid("path.tenantId: must be a ten_… id");
    assertTenantAccess(c.get("principal"), tenantId);
    await tenants.get(tenantId);
    await next();
  };
}
