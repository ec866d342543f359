import type { Logger } from "../log/logger";
import { type SessionStore, type WindowSpend, windowEstimate } from "../session/session-store";
import { type BucketVerdict, TokenBuckets } from "./token-buckets";

/** A minute, in slices aligned on the clock: every machine counts into the same one. */
const WINDOW_MS = 60_000;
/** One warning a minute is enough to say the store is down; every request would flood the log. */
const WARN_EVERY_MS = 60_000;

/**
 * Requests per minute per key, counted in the session store so every machine spends from the
 * same allowance: a key spread over N machines still gets the limit, not N × it. Each spend is
 * one atomic step on a sliding window: this minute's count plus last minute's, weighted by the
 * part of it still within the last 60 s, must stay under the limit, so a key cannot spend its
 * allowance at the end of one minute and again at the start of the next. Refused requests are
 * not counted.
 *
 * When the store cannot be reached the limit falls back to this machine's own token buckets,
 * with a warning: refusing every request because a cache is down would take the API with it,
 * and the per-machine limit still bounds a flood.
 */
export class SharedWindows {
  private readonly local: TokenBuckets;
  /** Whole requests: a limit of 1.5 a minute lets one through, as the counts are whole. */
  private readonly allowance: number;
  private lastWarnMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: SessionStore,
    /** Names what is limited in the store's keys: `rate:<name>:<key>:<minute>`. */
    private readonly name: string,
    readonly perMinute: number,
    private readonly log: Logger,
  ) {
    this.local = new TokenBuckets(perMinute);
    this.allowance = Math.floor(perMinute);
  }

  /** Spends one request; refused when the window's allowance is used up. */
  async take(key: string): Promise<BucketVerdict> {
    try {
      const spend = await this.store.spendInWindow(this.keyOf(key), this.allowance, WINDOW_MS);
      if (!spend.spent) return this.refusal(spend);
      return { ok: true, remaining: this.remaining(windowEstimate(spend)) };
    } catch (error) {
      this.warn(error);
      return this.local.take(key);
    }
  }

  /** Whether a request would go ahead, spending nothing (for failures counted after the fact). */
  async check(key: string): Promise<BucketVerdict> {
    try {
      const counts = await this.store.spendInWindow(this.keyOf(key), 0, WINDOW_MS);
      const estimate = windowEstimate(counts);
      if (estimate >= this.allowance) return this.refusal(counts);
      return { ok: true, remaining: this.remaining(estimate + 1) };
    } catch (error) {
      this.warn(error);
      return this.local.check(key);
    }
  }

  private remaining(estimate: number): number {
    return Math.max(0, Math.floor(this.allowance - estimate));
  }

  /**
   * Refused, with how long until the estimate falls below the limit if nothing more is spent:
   * later in this minute, as last minute's share fades, or once this minute's own count has
   * become the fading one.
   */
  private refusal(spend: WindowSpend): BucketVerdict {
    const { current, previous, elapsedMs, windowMs } = spend;
    const limit = this.allowance;
    const waitMs =
      current < limit
        ? windowMs * (1 - (limit - current) / previous) - elapsedMs
        : windowMs - elapsedMs + windowMs * (1 - limit / current);
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((waitMs + 1) / 1000)) };
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
