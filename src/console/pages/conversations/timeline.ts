import { replyGaps } from "../../../transcripts/reply-gaps";
import type { Message, TurnLatencyBucket } from "../../api/api-types.gen";

/**
 * Where a transcript line sits on the recording (ms from the start of the call): where its
 * speech starts, or, for a line without one (a tool call, an older record), when it was written.
 */
export function lineAt(message: Message): number {
  return message.startMs ?? message.offsetMs;
}

/**
 * The line being heard at `ms` into the recording: the one that started last by then (a caller
 * cutting in takes over from the agent). Null before the first line.
 */
export function lineHeardAt(messages: readonly Message[], ms: number): number | null {
  let heard: Message | null = null;
  for (const message of messages) {
    const at = lineAt(message);
    if (at > ms) continue;
    if (!heard || at > lineAt(heard) || (at === lineAt(heard) && message.seq > heard.seq)) {
      heard = message;
    }
  }
  return heard?.seq ?? null;
}

/**
 * The caller's wait for each of the agent's replies, in order, as the latency chart's buckets
 * (one per turn, the wait as both figures). Counted as the gateway's latency report counts them.
 */
export function turnWaits(messages: readonly Message[]): TurnLatencyBucket[] {
  const spoken = messages.flatMap((m) =>
    m.role === "user" || m.role === "assistant"
      ? [{ role: m.role, startMs: m.startMs, endMs: m.endMs }]
      : [],
  );
  return replyGaps(spoken).map((waitMs, i) => ({
    start: `turn-${i + 1}`,
    turns: 1,
    p50Ms: Math.round(waitMs),
    p95Ms: Math.round(waitMs),
  }));
}
