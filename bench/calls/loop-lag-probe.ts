// Preloaded into the gateway by the call benchmark: measures how late a 10 ms timer fires,
// which is how long any event (a caller's frame, a model message) may wait for the gateway's
// event loop before its handler runs. The call metrics time the handlers; this is the wait.
// A cumulative histogram (0.1 ms buckets) is written to BENCH_LAG_FILE once a second.

import { writeFileSync } from "node:fs";

const file = process.env.BENCH_LAG_FILE;
const INTERVAL_MS = 10;
const BUCKET_MS = 0.1;
const BUCKETS = 5000; // up to 500 ms; later than that lands in the last bucket

if (file) {
  const counts = new Uint32Array(BUCKETS);
  let due = performance.now() + INTERVAL_MS;
  const sample = () => {
    const now = performance.now();
    const lateMs = Math.max(0, now - due);
    const bucket = Math.min(BUCKETS - 1, Math.floor(lateMs / BUCKET_MS));
    counts[bucket] = (counts[bucket] ?? 0) + 1;
    due = now + INTERVAL_MS;
    setTimeout(sample, INTERVAL_MS).unref();
  };
  setTimeout(sample, INTERVAL_MS).unref();
  setInterval(() => {
    const nonZero: Record<number, number> = {};
    counts.forEach((count, bucket) => {
      if (count > 0) nonZero[bucket] = count;
    });
    writeFileSync(file, JSON.stringify({ bucketMs: BUCKET_MS, counts: nonZero }));
  }, 1000).unref();
}
