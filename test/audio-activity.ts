/** Where a decoded channel is loud: runs of 100 ms windows above a level, short gaps joined. */
export interface ActiveSpan {
  startMs: number;
  endMs: number;
}

const WINDOW_MS = 100;

/** RMS (0..1 scale) of a channel at `rate` between two offsets. */
export function rmsBetween(channel: Float32Array, fromMs: number, toMs: number, rate = 48000) {
  const from = Math.max(0, Math.floor((fromMs * rate) / 1000));
  const to = Math.min(channel.length, Math.floor((toMs * rate) / 1000));
  let sum = 0;
  for (let i = from; i < to; i++) sum += (channel[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

/** Spans where the channel is louder than `level`, gaps shorter than `joinMs` bridged. */
export function activeSpans(
  channel: Float32Array,
  { level = 0.01, joinMs = 700, rate = 48000 } = {},
): ActiveSpan[] {
  const spans: ActiveSpan[] = [];
  const lengthMs = (channel.length / rate) * 1000;
  for (let at = 0; at + WINDOW_MS <= lengthMs; at += WINDOW_MS) {
    if (rmsBetween(channel, at, at + WINDOW_MS, rate) < level) continue;
    const last = spans.at(-1);
    if (last && at - last.endMs <= joinMs) last.endMs = at + WINDOW_MS;
    else spans.push({ startMs: at, endMs: at + WINDOW_MS });
  }
  return spans;
}
