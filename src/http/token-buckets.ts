/** Whether a request may go ahead, and when to come back if not. */
export type BucketVerdict =
  | { ok: true; remaining: number }
  | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * Token buckets by key: bursts up to a minute's allowance, refilled continuously. In-process,
 * so each machine limits on its own (N machines admit at most N × the limit).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;
  private lastSweepMs: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.refillPerMs = perMinute / 60_000;
    this.lastSweepMs = now();
  }

  take(key: string): BucketVerdict {
    const t = this.now();
    if (t - this.lastSweepMs > 60_000) {
      // A bucket untouched for a minute is full again: dropping it loses nothing.
      for (const [k, bucket] of this.buckets)
        if (t - bucket.updatedMs > 60_000) this.buckets.delete(k);
      this.lastSweepMs = t;
    }
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedMs: t };
    bucket.tokens = Math.min(
      this.perMinute,
      bucket.tokens + (t - bucket.updatedMs) * this.refillPerMs,
    );
    bucket.updatedMs = t;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      return {
        ok: false,
        retryAfterSeconds: Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000),
      };
    }
    bucket.tokens -= 1;
    return { ok: true, remaining: Math.floor(bucket.tokens) };
  }

  /** Whether a request would be refused now, without taking a token. */
  exhausted(key: string): boolean {
    const bucket = this.buckets.get(key);
    if (!bucket) return false;
    const tokens = bucket.tokens + (this.now() - bucket.updatedMs) * this.refillPerMs;
    return tokens < 1;
  }
}
