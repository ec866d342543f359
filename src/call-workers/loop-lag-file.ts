import { writeFileSync } from "node:fs";

const INTERVAL_MS = 10;
const BUCKET_MS = 0.1;
const BUCKETS = 5000;

/**
 * How late a 10 ms timer fires on this thread, as a cumulative histogram (0.1 ms buckets)
 * written to `file` once a second: the same figures the call benchmark's probe writes for the
 * main thread, for a call worker.
 */
export function startLoopLagFile(file: string): void {
  const counts = new Uint32Array(BUCKETS);
  let due = performance.now() + INTERVAL_MS;
  const sample = () => {
    const now = performance.now();
    const bucket = Math.min(BUCKETS - 1, Math.floor(Math.max(0, now - due) / BUCKET_MS));
    counts[bucket] = (counts[bucket] ?? 0) + 1;
    due = now + INTERVAL_MS;
    setTimeout(sample, INTERVAL_MS);
  };
  setTimeout(sample, INTERVAL_MS);
  setInterval(() => {
    const nonZero: Record<number, number> = {};
    counts.forEach((count, bucket) => {
      if (count > 0) nonZero[bucket] = count;
    });
    writeFileSync(file, JSON.stringify({ bucketMs: BUCKET_MS, counts: nonZero }));
  }, 1000);
}
