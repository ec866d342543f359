/** Keeps the last N samples of a duration and reports percentiles; fixed memory per call. */
export class LatencyStats {
  private readonly samples: Float64Array;
  private count = 0;
  private next = 0;

  constructor(capacity = 512) {
    this.samples = new Float64Array(capacity);
  }

  add(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.samples.length;
    if (this.count < this.samples.length) this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** The p-th percentile (0–100) of the kept samples, or null when there are none. */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const sorted = Array.from(this.samples.subarray(0, this.count)).sort((a, b) => a - b);
    const index = Math.min(
      sorted.length - 1,
      Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
    );
    return Math.round((sorted[index] as number) * 100) / 100;
  }

  max(): number | null {
    return this.percentile(100);
  }
}
