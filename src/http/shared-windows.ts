import type { Logger } from "../log/logger";
import type { SessionStore } from "../session/session-store";
import { type BucketVerdict, TokenBuckets } from "./token-buckets";

const WINDOW_MS = 60_000;
/** One warning a minute is enough to say the store is down; every request would flood the log. */
const WARN_EVERY_MS = 60_000;

/**
 * Requests per minute per key, counted in the session store so every machine spends from the
 * same allowance: a key spread over N machines still gets the limit, not N × it. Each count is
 * one atomic increment on a fixed one-minute window that starts with the key's first request
 * (a key may use up to twice the limit across a window's end, never more).
 *
 * When the store cannot be reached the limit falls back to this machine's own token buckets,
 * with a warning: refusing every request because a cache is down would take the API with it,
 * and the per-machine limit still bounds a flood.
 */
export class SharedWindows {
  private readonly local: TokenBuckets;
  private lastWarnMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: SessionStore,
    /** Names what is limited in the store's keys: `rate:<name>:<key>`. */
    private readonly name: string,
    readonly perMinute: number,
    private readonly log: Logger,
  ) {
    this.local = new TokenBuckets(perMinute);
  }

  /** Spends one request; refused when the window's allowance is used up. */
  async take(key: string): Promise<BucketVerdict> {
    try {
      const { count, expiresInMs } = await this.store.increment(this.keyOf(key), WINDOW_MS);
      return this.verdict(count, expiresInMs);
    } catch (error) {
      this.warn(error);
      return this.local.take(key);
    }
  }

  /** Whether a request would go ahead, spending nothing (for failures counted after the fact). */
  async check(key: string): Promise<BucketVerdict> {
    try {
      const count = Number((await this.store.get(this.keyOf(key))) ?? 0);
      if (count < this.perMinute) return this.verdict(count + 1, WINDOW_MS);
      // A refusal names when the window ends: reading it costs a spend nobody will notice.
      const { expiresInMs } = await this.store.increment(this.keyOf(key), WINDOW_MS);
      return this.verdict(Number.POSITIVE_INFINITY, expiresInMs);
    } catch (error) {
      this.warn(error);
      return this.local.check(key);
    }
  }

  private verdict(count: number, expiresInMs: number): BucketVerdict {
    if (count <= this.perMinute) return { ok: true, remaining: Math.floor(this.perMinute - count) };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(expiresInMs / 1000)) };
  }

  private keyOf(key: string): string {
    return `rate:${this.name}:${key}`;
  }

  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarnMs < WARN_EVERY_MS) return;
    this.lastWarnMs = now;
    this.log.warn("session store unreachable: rate limits are per machine until it returns", {
      limit: this.name,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
