export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Attempts before the leg gives up and closes. */
  maxAttempts: number;
  /** 0..1: share of each delay that is random, so many calls do not reconnect in step. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 250,
  maxMs: 5000,
  maxAttempts: 6,
  jitter: 0.2,
};

/** Delay before reconnect attempt `attempt` (1-based): doubling from initialMs, capped. */
export function backoffDelayMs(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** (attempt - 1));
  return Math.round(base * (1 - policy.jitter * random()));
}
