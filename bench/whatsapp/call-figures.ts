// The figures of one batch: p50 and p99 of each interval, from the benchmark's own clock
// (webhook sent → something arrived or was heard here) and from the times the gateway stored.

import type { BatchResult } from "./call-batch";
import type { StoredCall } from "./gateway-rest";
import type { CallTiming } from "./inbound-call";
import { type Spread, spreadOf } from "./spread";

export interface CallFigures {
  ackMs: Spread;
  preAcceptMs: Spread;
  acceptMs: Spread;
  callerConnectedMs: Spread;
  firstHeardMs: Spread;
  /** Webhook sent (bench wall clock) → first_agent_audio_at (gateway wall clock). */
  firstAudioOutMs: Spread;
  /** Webhook sent (bench wall clock) → received_at: when the gateway makes the call's record. */
  recordCreatedMs: Spread;
  receivedToMediaConnectedMs: Spread;
  receivedToFirstAudioMs: Spread;
  mediaConnectedToFirstAudioMs: Spread;
  /** Calls whose pre_accept took longer than SLOW_ANSWER_MS (an extra ICE gathering step). */
  slowPreAccepts: number;
}

/** Half of libwebrtc's 50 ms port-allocator step: answers slower than this waited a step. */
export const SLOW_ANSWER_MS = 25;

export function callFigures(batch: BatchResult): CallFigures {
  const fromBench = (pick: (t: CallTiming) => number | null) => spreadOf(batch.timings.map(pick));
  const fromStore = (pick: (t: CallTiming, s: StoredCall) => number | null) =>
    spreadOf(
      batch.timings.map((t) => {
        const stored = batch.stored.get(t.providerCallId);
        return stored ? pick(t, stored) : null;
      }),
    );
  return {
    ackMs: fromBench((t) => t.ackMs),
    preAcceptMs: fromBench((t) => t.preAcceptMs),
    acceptMs: fromBench((t) => t.acceptMs),
    callerConnectedMs: fromBench((t) => t.callerConnectedMs),
    firstHeardMs: fromBench((t) => t.firstHeardMs),
    firstAudioOutMs: fromStore((t, s) => since(t.sentAtEpochMs, s.firstAgentAudioAt)),
    recordCreatedMs: fromStore((t, s) => since(t.sentAtEpochMs, s.receivedAt)),
    receivedToMediaConnectedMs: fromStore((_, s) =>
      since(Date.parse(s.receivedAt), s.mediaConnectedAt),
    ),
    receivedToFirstAudioMs: fromStore((_, s) =>
      since(Date.parse(s.receivedAt), s.firstAgentAudioAt),
    ),
    mediaConnectedToFirstAudioMs: fromStore((_, s) =>
      s.mediaConnectedAt === null
        ? null
        : since(Date.parse(s.mediaConnectedAt), s.firstAgentAudioAt),
    ),
    slowPreAccepts: batch.timings.filter((t) => t.preAcceptMs > SLOW_ANSWER_MS).length,
  };
}

function since(startEpochMs: number, iso: string | null): number | null {
  return iso === null ? null : Date.parse(iso) - startEpochMs;
}
