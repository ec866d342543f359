import type { MiddlewareHandler } from "hono";
import { DomainError } from "../domain/errors";
import type { Logger } from "../log/logger";
import type { SessionStore } from "../session/session-store";
import type { AppEnv, Principal } from "./context";
import { SharedWindows } from "./shared-windows";

export interface RateLimits {
  /** Per API key, and per call token. */
  perKeyPerMinute: number;
  /** Per tenant, over all its keys and call tokens together. */
  perTenantPerMinute: number;
}

/**
 * Each API key and each call token has its own count; the admin key has one too. Ids are
 * prefixed by kind, so no id of one kind can spend another's allowance.
 */
function keyOf(principal: Principal): string {
  if (principal.kind === "admin") return "admin";
  return principal.kind === "tenant" ? `key:${principal.keyId}` : `token:${principal.tokenId}`;
}

/**
 * Rate limits per key and per tenant, shared by every machine through the session store: a
 * request spends one from its key's minute and, if that allows it, one from its tenant's, and is
 * refused (429, with Retry-After) when either is used up, so a tenant cannot multiply its
 * allowance by making more keys or call tokens, nor by spreading requests over machines.
 */
export function rateLimit(
  limits: RateLimits,
  store: SessionStore,
  log: Logger,
): MiddlewareHandler<AppEnv> {
  const keys = new SharedWindows(store, "principal", limits.perKeyPerMinute, log);
  const tenants = new SharedWindows(store, "tenant", limits.perTenantPerMinute, log);
  return async function limit(c, next) {
    const principal = c.get("principal");
    const limits: Array<[SharedWindows, string, string]> = [
      [keys, keyOf(principal), principal.kind === "call_token" ? "call token" : "key"],
    ];
    if (principal.kind !== "admin") {
      limits.push([tenants, principal.tenantId, "tenant (all its keys together)"]);
    }
    let remaining = Number.POSITIVE_INFINITY;
    for (const [windows, key, whose] of limits) {
      const verdict = await windows.take(key);
      if (!verdict.ok) {
        c.header("Retry-After", String(verdict.retryAfterSeconds));
        throw new DomainError(
          "rate_limited",
          `rate limit of ${windows.perMinute} requests per minute for this ${whose} exceeded`,
          { retryAfterSeconds: verdict.retryAfterSeconds },
        );
      }
      remaining = Math.min(remaining, verdict.remaining);
    }
    c.header("RateLimit-Remaining", String(remaining));
    await next();
  };
}
