/**
 * Waits between attempts of one delivery: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, so the last
 * of its 8 attempts comes more than a day (about 27.5 h) after the first.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

/** Each wait is spread by ±10% so that receivers coming back are not hit by every sender at once. */
const JITTER = 0.1;

/**
 * When to try again after `attemptsMade` attempts failed, or null when none is left.
 * `random` is in [0, 1).
 */
export function nextAttemptMs(
  schedule: readonly number[],
  attemptsMade: number,
  nowMs: number,
  random: () => number = Math.random,
): number | null {
  const wait = schedule[attemptsMade - 1];
  if (wait === undefined) return null;
  return nowMs + Math.round(wait * (1 - JITTER + 2 * JITTER * random()));
}
