import type { Context, MiddlewareHandler } from "hono";
import { DomainError } from "../domain/errors";
import type { AppEnv } from "./context";
import type { SharedWindows } from "./shared-windows";

type KeyOf = (c: Context<AppEnv>) => string;

function refuse(c: Context<AppEnv>, retryAfterSeconds: number, what: string): never {
  c.header("Retry-After", String(retryAfterSeconds));
  throw new DomainError("rate_limited", `too many requests ${what}; retry later`, {
    retryAfterSeconds,
  });
}

/**
 * Limits requests nobody has authenticated yet (webhooks, health, docs, pages) before any work
 * is done on them: a flood from one source, or at one route, is cut off at the door. Counted
 * across machines (SharedWindows), so a flood spread over them gets the limit once.
 */
export function limitRequests(
  windows: SharedWindows,
  keyOf: KeyOf,
  what: string,
): MiddlewareHandler<AppEnv> {
  return async function limitUnauthenticated(c, next) {
    const verdict = await windows.take(keyOf(c));
    if (!verdict.ok) refuse(c, verdict.retryAfterSeconds, what);
    await next();
  };
}

/**
 * Counts failed authentications per source: past the limit, that source gets 429 without its
 * keys being looked up, so keys cannot be guessed at speed and a flood costs no database reads.
 */
export function limitFailedAuth(windows: SharedWindows, keyOf: KeyOf): MiddlewareHandler<AppEnv> {
  return async function failedAuth(c, next) {
    const key = keyOf(c);
    const verdict = await windows.check(key);
    if (!verdict.ok)
      refuse(c, verdict.retryAfterSeconds, "with failed authentication from this address");
    await next();
    if (c.res.status === 401) await windows.take(key);
  };
}
