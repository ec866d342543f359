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
   * Adds one and returns the new count with the time until it resets (for `Retry-After`). The
   * key's expiry is set when the count is created and left alone after, so a fixed rate-limit
   * window ends `ttlMs` after its first hit.
   */
  increment(key: string, ttlMs: number): Promise<WindowCount>;

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

export interface WindowCount {
  count: number;
  /** Milliseconds until the count expires (and the window starts again at 0). */
  expiresInMs: number;
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
