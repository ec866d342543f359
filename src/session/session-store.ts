// Shared, short-lived state that several gateway machines must agree on: call leases, webhook
// receipts, idempotency keys, rate-limit windows and concurrent-call slots. Every operation below
// is atomic on its own against every other client of the same backend: on Redis each is a single
// command or one Lua script (scripts run alone), on Upstash REST the same script through EVAL, and
// in memory a synchronous critical section (one JavaScript thread, no await inside).

export type SessionBackend = "memory" | "redis" | "upstash-rest";

export interface SessionStore {
  readonly backend: SessionBackend;

  /** The value, or null when absent or expired. */
  get(key: string): Promise<string | null>;

  /** Writes the value, replacing any; it expires after `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;

  /**
   * Writes the value only when the key is absent (or expired); true when this call wrote it.
   * Of N concurrent calls exactly one gets true: leases, receipts, idempotency keys.
   */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;

  /**
   * Replaces the value and its expiry only while the key still holds `expected`: an owner renews
   * its lease (expected = its own id) or hands it over. False when absent or held by another.
   */
  compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<boolean>;

  /** Deletes the key only while it holds `expected` (an owner releasing its lease). */
  compareAndDelete(key: string, expected: string): Promise<boolean>;

  /**
   * Spends one from the sliding window of `windowMs` under `key` unless it is used up. Windows
   * are fixed slices of `windowMs` on the caller's clock (machines are NTP-synchronised); the
   * count over the last `windowMs` is estimated as this slice's count plus the previous slice's
   * weighted by the part of it still within the last `windowMs` (windowEstimate). One is added to
   * this slice's count only while that estimate is below `limit`, so refusals are not counted and
   * a limit of 0 reads without spending. A slice's count expires once it is no longer needed.
   */
  spendInWindow(key: string, limit: number, windowMs: number): Promise<WindowSpend>;

  /**
   * Takes one of `limit` slots under `key` for `holder` (e.g. a call id) unless all are taken;
   * true when the holder has a slot. A holder that already has one keeps it (and its expiry is
   * pushed to `ttlMs` from now), so holders renew by acquiring again. A slot whose holder stops
   * renewing frees itself after `ttlMs`, so a machine that dies does not keep its slots. Expiry is
   * judged by the caller's clock (machines are NTP-synchronised; leases are seconds long).
   */
  acquireSlot(key: string, holder: string, limit: number, ttlMs: number): Promise<boolean>;

  /** Gives the holder's slot back; true when it had one. */
  releaseSlot(key: string, holder: string): Promise<boolean>;

  /** How many unexpired slots `key` has taken. */
  slotsTaken(key: string): Promise<number>;

  /** Removes the key (a value, a count or a slot set); true when it existed. */
  delete(key: string): Promise<boolean>;

  /**
   * Keys starting with `prefix` (without the store's namespace), sorted. Not a snapshot: keys
   * written or expiring during the listing may or may not appear. For small listings only.
   */
  keys(prefix: string): Promise<string[]>;

  /** Answers when the backend is reachable; rejects otherwise. */
  ping(): Promise<void>;

  close(): Promise<void>;
}

export interface WindowSpend {
  /** Whether one was spent: the estimate was below the limit. */
  spent: boolean;
  /** This slice's count, the spend included. */
  current: number;
  /** The previous slice's count. */
  previous: number;
  /** How far into this slice the spend fell: 0 ≤ elapsedMs < windowMs. */
  elapsedMs: number;
  windowMs: number;
}

/** Where a moment falls among the slices of `windowMs`: its slice's key and the one before. */
export function windowSlice(key: string, windowMs: number, nowMs: number) {
  const index = Math.floor(nowMs / windowMs);
  const elapsedMs = nowMs - index * windowMs;
  return {
    currentKey: `${key}:${index}`,
    previousKey: `${key}:${index - 1}`,
    elapsedMs,
    /** Until the end of the next slice, the last one that reads this slice's count. */
    keepMs: 2 * windowMs - elapsedMs,
    /** The share of the previous slice still within the last `windowMs`. */
    previousWeight: previousWeight(elapsedMs, windowMs),
  };
}

const previousWeight = (elapsedMs: number, windowMs: number) => (windowMs - elapsedMs) / windowMs;

/** The requests counted in the last `windowMs`, as the sliding window estimates them. */
export function windowEstimate(spend: Omit<WindowSpend, "spent">): number {
  return spend.previous * previousWeight(spend.elapsedMs, spend.windowMs) + spend.current;
}

/** The namespace every key is stored under, so one Redis can serve several deployments. */
export const DEFAULT_NAMESPACE = "astra:";

/** Rejects a caller's mistake at once rather than storing something no other machine can read. */
export function checkKey(key: string): void {
  if (typeof key !== "string" || key === "")
    throw new TypeError("a session key is a non-empty string");
}

export function checkTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0)
    throw new RangeError(`a TTL is a positive whole number of milliseconds, not ${ttlMs}`);
}

export function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new RangeError(`a slot limit is a whole number of at least 0, not ${limit}`);
}

export function checkValue(value: string): void {
  if (typeof value !== "string") throw new TypeError("a session value is a string");
}
