// From the conversion meter's histograms to milliseconds per call-second. On a shared machine a
// timed call is now and then cut by a switch to another process, which adds that process's whole
// time slice to it: the slowest 1% of each kind's calls are counted at its 99th percentile
// (a winsorised mean), so the figure is the conversions' own cost, cache misses included.

import type { ScenarioResult } from "../calls/scenario";
import type { ConversionTotals } from "./conversion-meter";

/** The histograms as flat counters (`kind|µs` → calls), so a window is a difference of two. */
export function flattenTotals(totals: ConversionTotals): Record<string, number> {
  const flat: Record<string, number> = {};
  for (const [kind, us] of Object.entries(totals))
    us.forEach((count, bucket) => {
      if (count > 0) flat[`${kind}|${bucket}`] = count;
    });
  return flat;
}

/** Calls of one kind in the window and their winsorised total time in ms. */
function windowed(counters: Record<string, number>, kind: string): { calls: number; ms: number } {
  const buckets: Array<[number, number]> = [];
  for (const [key, count] of Object.entries(counters)) {
    const [name, bucket] = key.split("|");
    if (name === kind && count > 0) buckets.push([Number(bucket), count]);
  }
  buckets.sort((a, b) => a[0] - b[0]);
  const calls = buckets.reduce((sum, [, count]) => sum + count, 0);
  const cap = Math.ceil(calls * 0.99);
  let seen = 0;
  let p99 = 0;
  let us = 0;
  for (const [bucket, count] of buckets) {
    const within = Math.max(0, Math.min(count, cap - seen));
    if (within > 0) p99 = bucket + 0.5;
    // Whole-µs buckets: each call counts at its bucket's middle.
    us += within * (bucket + 0.5) + (count - within) * p99;
    seen += count;
  }
  return { calls, ms: us / 1000 };
}

/** ms of one kind of conversion per second of each call in the steady window. */
export function conversionMs(r: ScenarioResult, kind: string): number {
  return windowed(r.counters, kind).ms / r.load.wallSeconds / Math.max(1, r.dialled.length);
}
