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

  /** Spends a token when there is one. */
  take(key: string): BucketVerdict {
    const verdict = this.check(key);
    if (verdict.ok) this.spend(key);
    return verdict;
  }

  /** Whether a token is there, without spending it (for limits that must all agree first). */
  check(key: string): BucketVerdict {
    const bucket = this.refilled(key);
    if (bucket.tokens >= 1) return { ok: true, remaining: Math.floor(bucket.tokens - 1) };
    return {
      ok: false,
      retryAfterSeconds: Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000),
    };
  }

  spend(key: string): void {
    this.refilled(key).tokens -= 1;
  }

  private refilled(key: string): Bucket {
    const t = this.now();
    if (t - this.lastSweepMs > 60_000) {
      // A bucket untouched for a minute is full again: dropping it loses nothing.
      for (const [k, b] of this.buckets) if (t - b.updatedMs > 60_000) this.buckets.delete(k);
      this.lastSweepMs = t;
    }
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedMs: t };
    bucket.tokens = Math.min(
      this.perMinute,
      bucket.tokens + (t - bucket.updatedMs) * this.refillPerMs,
    );
    bucket.updatedMs = t;
    this.buckets.set(key, bucket);
    return bucket;
  }
}
