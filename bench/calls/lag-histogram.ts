// Reads the gateway's event-loop lag histogram (written by loop-lag-probe.ts) and gives
// percentiles over the stretch between two snapshots.

import { existsSync, readFileSync } from "node:fs";

export interface LagSnapshot {
  bucketMs: number;
  counts: Map<number, number>;
}

export function readLagSnapshot(file: string): LagSnapshot {
  if (!existsSync(file)) return { bucketMs: 0.1, counts: new Map() };
  const raw = JSON.parse(readFileSync(file, "utf8")) as {
    bucketMs: number;
    counts: Record<string, number>;
  };
  return {
    bucketMs: raw.bucketMs,
    counts: new Map(Object.entries(raw.counts).map(([bucket, n]) => [Number(bucket), n])),
  };
}

export interface LagFigures {
  samples: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** Percentiles of the timer lateness seen after `before` up to `after` (bucket upper edges). */
export function lagBetween(before: LagSnapshot, after: LagSnapshot): LagFigures {
  const window: Array<[number, number]> = [];
  for (const [bucket, count] of after.counts) {
    const added = count - (before.counts.get(bucket) ?? 0);
    if (added > 0) window.push([bucket, added]);
  }
  window.sort((a, b) => a[0] - b[0]);
  const samples = window.reduce((sum, [, n]) => sum + n, 0);
  const upperEdge = (bucket: number) => Math.round((bucket + 1) * after.bucketMs * 10) / 10;
  const at = (p: number): number | null => {
    if (samples === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * samples));
    let seen = 0;
    for (const [bucket, n] of window) {
      seen += n;
      if (seen >= rank) return upperEdge(bucket);
    }
    return null;
  };
  const last = window.at(-1);
  return { samples, p50Ms: at(50), p99Ms: at(99), maxMs: last ? upperEdge(last[0]) : null };
}
