import {
  checkKey,
  checkLimit,
  checkTtl,
  checkValue,
  type SessionStore,
  type WindowSpend,
  windowEstimate,
  windowSlice,
} from "./session-store";

type Entry =
  | { kind: "value"; value: string; expiresAt: number }
  | { kind: "slots"; holders: Map<string, number>; expiresAt: number };

const SWEEP_INTERVAL_MS = 30_000;

/**
 * The embedded default: one process's state, for a single machine. No method awaits between
 * reading and writing, so each is atomic against every other call in the process. Expired
 * entries read as absent at once and are swept out of memory every 30 s.
 */
export class MemorySessionStore implements SessionStore {
  readonly backend = "memory" as const;
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);

  constructor(private readonly now: () => number = Date.now) {
    // The sweep only frees memory; it must not keep a finished process alive.
    this.sweeper.unref?.();
  }

  async get(key: string): Promise<string | null> {
    return this.value(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    checkValue(value);
    checkTtl(ttlMs);
    checkKey(key);
    this.entries.set(key, { kind: "value", value, expiresAt: this.now() + ttlMs });
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    checkValue(value);
    checkTtl(ttlMs);
    if (this.live(key)) return false;
    this.entries.set(key, { kind: "value", value, expiresAt: this.now() + ttlMs });
    return true;
  }

  async compareAndSet(
    key: string,
    expected: string,
    value: string,
    ttlMs: number,
  ): Promise<boolean> {
    checkValue(value);
    checkTtl(ttlMs);
    if (this.value(key)?.value !== expected) return false;
    this.entries.set(key, { kind: "value", value, expiresAt: this.now() + ttlMs });
    return true;
  }

  async compareAndDelete(key: string, expected: string): Promise<boolean> {
    if (this.value(key)?.value !== expected) return false;
    return this.entries.delete(key);
  }

  async spendInWindow(key: string, limit: number, windowMs: number): Promise<WindowSpend> {
    checkLimit(limit);
    checkTtl(windowMs);
    checkKey(key);
    const slice = windowSlice(key, windowMs, this.now());
    const counts = {
      current: this.count(slice.currentKey),
      previous: this.count(slice.previousKey),
      elapsedMs: slice.elapsedMs,
      windowMs,
    };
    const spent = windowEstimate(counts) < limit;
    if (spent) {
      counts.current += 1;
      const expiresAt = this.now() + slice.keepMs;
      this.entries.set(slice.currentKey, {
        kind: "value",
        value: String(counts.current),
        expiresAt,
      });
    }
    return { spent, ...counts };
  }

  async acquireSlot(key: string, holder: string, limit: number, ttlMs: number): Promise<boolean> {
    checkValue(holder);
    checkLimit(limit);
    checkTtl(ttlMs);
    const slots = this.slots(key, true);
    if (!slots.holders.has(holder) && slots.holders.size >= limit) return false;
    const expiresAt = this.now() + ttlMs;
    slots.holders.set(holder, expiresAt);
    slots.expiresAt = Math.max(slots.expiresAt, expiresAt);
    return true;
  }

  async releaseSlot(key: string, holder: string): Promise<boolean> {
    return this.slots(key, false)?.holders.delete(holder) ?? false;
  }

  async slotsTaken(key: string): Promise<number> {
    return this.slots(key, false)?.holders.size ?? 0;
  }

  async delete(key: string): Promise<boolean> {
    return this.live(key) !== undefined && this.entries.delete(key);
  }

  async keys(prefix: string): Promise<string[]> {
    return [...this.entries.keys()]
      .filter((key) => key.startsWith(prefix) && this.live(key))
      .sort();
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.entries.clear();
  }

  /** The whole number a key holds; 0 when absent. */
  private count(key: string): number {
    const entry = this.value(key);
    if (entry === undefined) return 0;
    if (!/^\d+$/.test(entry.value)) throw new Error(`${key} does not hold a whole number`);
    return Number(entry.value);
  }

  /** The entry unless it has expired (which removes it). */
  private live(key: string): Entry | undefined {
    checkKey(key);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.now()) return entry;
    this.entries.delete(key);
    return undefined;
  }

  private value(key: string) {
    const entry = this.live(key);
    if (entry?.kind === "slots") throw new Error(`${key} holds slots, not a value`);
    return entry;
  }

  /** The key's slot set with expired holders dropped; created when asked to. */
  private slots(key: string, create: true): Entry & { kind: "slots" };
  private slots(key: string, create: false): (Entry & { kind: "slots" }) | undefined;
  private slots(key: string, create: boolean) {
    const entry = this.live(key);
    if (entry?.kind === "value") throw new Error(`${key} holds a value, not slots`);
    if (entry === undefined) {
      if (!create) return undefined;
      const fresh = { kind: "slots" as const, holders: new Map<string, number>(), expiresAt: 0 };
      this.entries.set(key, fresh);
      return fresh;
    }
    const now = this.now();
    for (const [holder, expiresAt] of entry.holders) {
      if (expiresAt <= now) entry.holders.delete(holder);
    }
    return entry;
  }

  private sweep(): void {
    for (const key of this.entries.keys()) this.live(key);
  }
}
