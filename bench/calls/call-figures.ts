// Turns the stored conversation records of one scenario's calls into the figures the
// benchmark reports.

import type { StoredCall } from "./gateway-api";

/** Nearest-rank percentile (p in 0–100) of plain numbers, or null for none. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}

export interface DirectionFigures {
  /** Median over calls of each call's p50. */
  p50Ms: number | null;
  /** Median over calls of each call's p99. */
  typicalP99Ms: number | null;
  /**
   * The highest of the calls' p99s. No more than 1% of all samples together can lie above it,
   * so it bounds the p99 of every call's samples pooled.
   */
  worstP99Ms: number | null;
}

export interface CallFigures {
  calls: number;
  endReasons: Record<string, number>;
  turns: number;
  bargeIns: number;
  underruns: number;
  callsWithUnderruns: number;
  inbound: DirectionFigures;
  outbound: DirectionFigures;
  /** Media connected to first agent audio out, one sample per call. */
  greetingP50Ms: number | null;
  greetingP99Ms: number | null;
  greetingMaxMs: number | null;
  /** Caller stopped speaking to first agent audio out; median over calls of their p50. */
  responseLatencyP50Ms: number | null;
  modelFirstAudioP50Ms: number | null;
}

function present(values: Array<number | null | undefined>): number[] {
  return values.filter((v): v is number => typeof v === "number");
}

function direction(p50s: Array<number | null | undefined>, p99s: Array<number | null | undefined>) {
  const worst = present(p99s);
  return {
    p50Ms: percentile(present(p50s), 50),
    typicalP99Ms: percentile(worst, 50),
    worstP99Ms: worst.length ? Math.max(...worst) : null,
  };
}

export function callFigures(records: StoredCall[]): CallFigures {
  const m = records.map((r) => r.metrics);
  const endReasons: Record<string, number> = {};
  for (const r of records)
    endReasons[r.endReason ?? "none"] = (endReasons[r.endReason ?? "none"] ?? 0) + 1;
  const greetings = present(
    records.map((r) =>
      r.mediaConnectedAt && r.firstAgentAudioAt
        ? Date.parse(r.firstAgentAudioAt) - Date.parse(r.mediaConnectedAt)
        : null,
    ),
  );
  const sum = (pick: (x: (typeof m)[number]) => number | undefined) =>
    m.reduce((total, x) => total + (pick(x) ?? 0), 0);
  return {
    calls: records.length,
    endReasons,
    turns: sum((x) => x.turns),
    bargeIns: sum((x) => x.bargeIns),
    underruns: sum((x) => x.playoutUnderruns),
    callsWithUnderruns: m.filter((x) => (x.playoutUnderruns ?? 0) > 0).length,
    inbound: direction(
      m.map((x) => x.gatewayInboundMsP50),
      m.map((x) => x.gatewayInboundMsP99),
    ),
    outbound: direction(
      m.map((x) => x.gatewayOutboundMsP50),
      m.map((x) => x.gatewayOutboundMsP99),
    ),
    greetingP50Ms: percentile(greetings, 50),
    greetingP99Ms: percentile(greetings, 99),
    greetingMaxMs: greetings.length ? Math.max(...greetings) : null,
    responseLatencyP50Ms: percentile(present(m.map((x) => x.responseLatencyMsP50)), 50),
    modelFirstAudioP50Ms: percentile(present(m.map((x) => x.modelFirstAudioMsP50)), 50),
  };
}
