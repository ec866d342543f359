import type { MiddlewareHandler } from "hono";
import { DomainError } from "../domain/errors";
import type { AppEnv } from "./context";

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * A token bucket per API key: bursts up to a minute's allowance, refilled continuously.
 * In-process: each machine limits on its own, which bounds a key at N machines × the limit.
 */
export function rateLimit(
  perMinute: number,
  now: () => number = Date.now,
): MiddlewareHandler<AppEnv> {
  const buckets = new Map<string, Bucket>();
  const refillPerMs = perMinute / 60_000;
  let lastSweep = now();

  return async function limit(c, next) {
    const principal = c.get("principal");
    const id =
      principal.kind === "admin"
        ? "admin"
        : principal.kind === "tenant"
          ? principal.keyId
          : `token:${principal.agentId}`;
    const t = now();
    if (t - lastSweep > 60_000) {
      // Full buckets carry no information; dropping them keeps the map small.
      for (const [key, bucket] of buckets) if (t - bucket.updatedMs > 60_000) buckets.delete(key);
      lastSweep = t;
    }
    const bucket = buckets.get(id) ?? { tokens: perMinute, updatedMs: t };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.updatedMs) * refillPerMs);
    bucket.updatedMs = t;
    buckets.set(id, bucket);
    if (bucket.tokens < 1) {
      const retryAfter = Math.ceil((1 - bucket.tokens) / refillPerMs / 1000);
      c.header("Retry-After", String(retryAfter));
      throw new DomainError(
        "rate_limited",
        `rate limit of ${perMinute} requests per minute exceeded`,
        {
          retryAfterSeconds: retryAfter,
        },
      );
    }
    bucket.tokens -= 1;
    c.header("RateLimit-Remaining", String(Math.floor(bucket.tokens)));
    await next();
  };
}
