import type { MiddlewareHandler } from "hono";
import { DomainError } from "../domain/errors";
import type { AppEnv, Principal } from "./context";
import { TokenBuckets } from "./token-buckets";

export interface RateLimits {
  /** Per API key, and per call token. */
  perKeyPerMinute: number;
  /** Per tenant, over all its keys and call tokens together. */
  perTenantPerMinute: number;
}

/** Each API key and each call token has its own bucket; the admin key has one too. */
function keyOf(principal: Principal): string {
  if (principal.kind === "admin") return "admin";
  return principal.kind === "tenant" ? principal.keyId : `token:${principal.tokenId}`;
}

/**
 * Rate limits per key and per tenant: a request spends one token from its key's bucket and one
 * from its tenant's, and is refused (429, with Retry-After) when either is empty, so a tenant
 * cannot multiply its allowance by making more keys or call tokens. In-process: each machine
 * limits on its own, which bounds a key at N machines × the limit.
 */
export function rateLimit(
  limits: RateLimits,
  now: () => number = Date.now,
): MiddlewareHandler<AppEnv> {
  const keys = new TokenBuckets(limits.perKeyPerMinute, now);
  const tenants = new TokenBuckets(limits.perTenantPerMinute, now);
  return async function limit(c, next) {
    const principal = c.get("principal");
    const limits: Array<[TokenBuckets, string, string]> = [
      [keys, keyOf(principal), principal.kind === "call_token" ? "call token" : "key"],
    ];
    if (principal.kind !== "admin") {
      limits.push([tenants, principal.tenantId, "tenant (all its keys together)"]);
    }
    const verdicts = limits.map(([buckets, key]) => buckets.check(key));
    const refused = verdicts.findIndex((verdict) => !verdict.ok);
    const refusal = verdicts[refused];
    const refusedBy = limits[refused];
    if (refusal && !refusal.ok && refusedBy) {
      const [buckets, , whose] = refusedBy;
      c.header("Retry-After", String(refusal.retryAfterSeconds));
      throw new DomainError(
        "rate_limited",
        `rate limit of ${buckets.perMinute} requests per minute for this ${whose} exceeded`,
        { retryAfterSeconds: refusal.retryAfterSeconds },
      );
    }
    for (const [buckets, key] of limits) buckets.spend(key);
    const remaining = Math.min(...verdicts.map((v) => (v.ok ? v.remaining : 0)));
    c.header("RateLimit-Remaining", String(remaining));
    await next();
  };
}
