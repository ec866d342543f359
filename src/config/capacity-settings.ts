import { availableParallelism } from "node:os";
import * as v from "valibot";

/**
 * Calls one core of gateway CPU carries, measured with the call benchmark (BENCHMARKS.md,
 * "Concurrent calls"): 25.9 per core at 10 calls on a 2-core machine (the figure least
 * flattered by starved callers; 31.7 at 25, and about 31 at 50-200 calls on 16 cores). The
 * lowest one, so a full machine keeps some CPU for bursts of call set-up and after-call work.
 */
export const CALLS_PER_CORE = 25;

/** MAX_CALLS_PER_MACHINE when unset: CALLS_PER_CORE for each core this process may use. */
export function defaultMaxCallsPerMachine(cores = availableParallelism()): number {
  return CALLS_PER_CORE * Math.max(1, cores);
}

/**
 * CALL_WORKERS when unset: one call worker thread per core this process may use, so calls'
 * per-frame work spreads over every core; none on a single core, where a worker would only
 * add a thread to the one core.
 */
export function defaultCallWorkers(cores = availableParallelism()): number {
  return cores > 1 ? cores : 0;
}

/** The call channels whose media the per-channel capacity levers tell apart. */
export const MEDIA_CHANNELS = ["browser", "whatsapp"] as const;
export type MediaChannel = (typeof MEDIA_CHANNELS)[number];

/**
 * `browser,whatsapp`, one of them, or `none`: the channels a media lever is on for. Written as
 * a list so that an operator can switch a lever per channel with one variable.
 */
export const channelListSetting = (fallback: string) =>
  v.pipe(
    v.optional(v.string(), fallback),
    v.transform((text) => text.split(",").map((part) => part.trim().toLowerCase())),
    v.check(
      (parts) =>
        (parts.length === 1 && parts[0] === "none") ||
        parts.every((part) => (MEDIA_CHANNELS as readonly string[]).includes(part)),
      `must be none or a comma-separated list of ${MEDIA_CHANNELS.join(", ")}`,
    ),
    v.transform((parts) => MEDIA_CHANNELS.filter((channel) => parts.includes(channel))),
  );

/** How much caller audio each `input_audio_buffer.append` carries: 10, 20, 30 or 40 ms. */
export const appendMsSetting = (fallback: number) =>
  v.pipe(
    v.optional(v.string(), String(fallback)),
    v.picklist(["10", "20", "30", "40"], "must be 10, 20, 30 or 40"),
    v.transform(Number),
  );
