// p50 and p99 of a set of durations (nearest rank, as the gateway's own LatencyStats counts).

import { LatencyStats } from "../../src/calls/latency-stats";

export interface Spread {
  p50: number | null;
  p99: number | null;
  samples: number;
}

/** Missing values (null) are left out. */
export function spreadOf(values: Array<number | null>): Spread {
  const stats = new LatencyStats(Math.max(1, values.length));
  for (const value of values) if (value !== null) stats.add(value);
  return { p50: stats.percentile(50), p99: stats.percentile(99), samples: stats.size };
}
