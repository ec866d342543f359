import type { MiddlewareHandler } from "hono";
import { DomainError } from "../domain/errors";
import type { AppEnv, Principal } from "./context";

export interface RateLimits {
  /** Per API key, and per call token. */
  perKeyPerMinute: number;
  /** Per tenant, over all its keys and call tokens together. */
  perTenantPerMinute: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Token buckets of one size: bursts up to a minute's allowance, refilled continuously. */
class Buckets {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;
  readonly refillPerMs: number;

  constructor(readonly perMinute: number) {
    this.refillPerMs = perMinute / 60_000;
  }

  /** The bucket for `id`, refilled up to time `t` (a new one starts full). */
  at(id: string, t: number): Bucket {
    if (t - this.lastSweep > 60_000) {
      // Full buckets carry no information; dropping them keeps the map small.
      for (const [key, b] of this.buckets) if (t - b.updatedMs > 60_000) this.buckets.delete(key);
      this.lastSweep = t;
    }
    const bucket = this.buckets.get(id) ?? { tokens: this.perMinute, updatedMs: t };
    bucket.tokens = Math.min(
      this.perMinute,
      bucket.tokens + (t - bucket.updatedMs) * this.refillPerMs,
    );
    bucket.updatedMs = t;
    this.buckets.set(id, bucket);
    return bucket;
  }
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
  const keys = new Buckets(limits.perKeyPerMinute);
  const tenants = new Buckets(limits.perTenantPerMinute);
  return async function limit(c, next) {
    const principal = c.get("principal");
    const t = now();
    const checks: Array<[Buckets, Bucket, string]> = [
      [keys, keys.at(keyOf(principal), t), principal.kind === "call_token" ? "call token" : "key"],
    ];
    if (principal.kind !== "admin") {
      checks.push([tenants, tenants.at(principal.tenantId, t), "tenant (all its keys together)"]);
    }
    const empty = checks.find(([, bucket]) => bucket.tokens < 1);
    if (empty) {
      const [buckets, bucket, whose] = empty;
      const retryAfter = Math.ceil((1 - bucket.tokens) / buckets.refillPerMs / 1000);
      c.header("Retry-After", String(retryAfter));
      throw new DomainError(
        "rate_limited",
        `rate limit of ${buckets.perMinute} requests per minute for this ${whose} exceeded`,
        { retryAfterSeconds: retryAfter },
      );
    }
    for (const [, bucket] of checks) bucket.tokens -= 1;
    const remaining = Math.min(...checks.map(([, bucket]) => bucket.tokens));
    c.header("RateLimit-Remaining", String(Math.floor(remaining)));
    await next();
  };
}
