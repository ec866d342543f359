import {
  checkKey,
  checkLimit,
  checkTtl,
  checkValue,
  type SessionBackend,
  type SessionStore,
  type WindowSpend,
  windowSlice,
} from "./session-store";

/**
 * The few Redis commands the store is built from, as each client speaks them. Values are strings,
 * replies as Redis gives them (RESP2 shapes: strings, integers, null, arrays).
 */
export interface RedisCommands {
  get(key: string): Promise<string | null>;
  /** SET key value PX ttl [NX]; true when written. */
  set(key: string, value: string, ttlMs: number, onlyIfAbsent: boolean): Promise<boolean>;
  del(key: string): Promise<number>;
  eval(script: string, keys: string[], args: string[]): Promise<unknown>;
  /** One SCAN step: the next cursor and the keys found. */
  scan(cursor: string, match: string): Promise<[string, string[]]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// Each script runs alone on the server, so its read and write are one atomic step.
const COMPARE_AND_SET = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0`;

const COMPARE_AND_DELETE = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1]) end return 0`;

// This slice's count (KEYS[1]) grows only while it plus the previous slice's (KEYS[2]), weighted
// (ARGV[1]), is below the limit (ARGV[2]); it is kept (ARGV[3] ms) until no slice reads it.
const SPEND_IN_WINDOW = `local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
if previous * tonumber(ARGV[1]) + current < tonumber(ARGV[2]) then
  current = redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {1, current, previous} end
return {0, current, previous}`;

// A sorted set of holders scored by when their slot expires (the caller's clock, ARGV now).
const ACQUIRE_SLOT = `local now = tonumber(ARGV[1]) local ttl = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[2]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], now + ttl, ARGV[2])
  if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
  return 1 end return 0`;

const SLOTS_TAKEN = `redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZCARD', KEYS[1])`;

const RELEASE_SLOT = `return redis.call('ZREM', KEYS[1], ARGV[1])`;

/** SCAN's MATCH is a glob: the prefix's own glob characters must match only themselves. */
const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, "\\$&");

/**
 * The store on a Redis-protocol server (Redis, Valkey, Upstash over TCP or REST). Single
 * commands where Redis has one (GET, SET PX NX, DEL), Lua scripts for the read-then-write ones.
 */
export class RedisSessionStore implements SessionStore {
  constructor(
    readonly backend: Exclude<SessionBackend, "memory">,
    private readonly redis: RedisCommands,
    private readonly namespace: string,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<string | null> {
    return this.redis.get(this.key(key));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    checkValue(value);
    checkTtl(ttlMs);
    await this.redis.set(this.key(key), value, ttlMs, false);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    checkValue(value);
    checkTtl(ttlMs);
    return this.redis.set(this.key(key), value, ttlMs, true);
  }

  async compareAndSet(
    key: string,
    expected: string,
    value: string,
    ttlMs: number,
  ): Promise<boolean> {
    checkValue(expected);
    checkValue(value);
    checkTtl(ttlMs);
    const args = [expected, value, String(ttlMs)];
    return Number(await this.redis.eval(COMPARE_AND_SET, [this.key(key)], args)) === 1;
  }

  async compareAndDelete(key: string, expected: string): Promise<boolean> {
    checkValue(expected);
    return Number(await this.redis.eval(COMPARE_AND_DELETE, [this.key(key)], [expected])) === 1;
  }

  async spendInWindow(key: string, limit: number, windowMs: number): Promise<WindowSpend> {
    checkLimit(limit);
    checkTtl(windowMs);
    const slice = windowSlice(this.key(key), windowMs, this.now());
    const args = [String(slice.previousWeight), String(limit), String(slice.keepMs)];
    const reply = await this.redis.eval(
      SPEND_IN_WINDOW,
      [slice.currentKey, slice.previousKey],
      args,
    );
    const [spent, current, previous] = (reply as [number, number, number]).map(Number);
    return {
      spent: spent === 1,
      current: current ?? 0,
      previous: previous ?? 0,
      elapsedMs: slice.elapsedMs,
      windowMs,
    };
  }

  async acquireSlot(key: string, holder: string, limit: number, ttlMs: number): Promise<boolean> {
    checkValue(holder);
    checkLimit(limit);
    checkTtl(ttlMs);
    const args = [String(this.now()), holder, String(limit), String(ttlMs)];
    return Number(await this.redis.eval(ACQUIRE_SLOT, [this.key(key)], args)) === 1;
  }

  async releaseSlot(key: string, holder: string): Promise<boolean> {
    checkValue(holder);
    return Number(await this.redis.eval(RELEASE_SLOT, [this.key(key)], [holder])) === 1;
  }

  async slotsTaken(key: string): Promise<number> {
    return Number(await this.redis.eval(SLOTS_TAKEN, [this.key(key)], [String(this.now())]));
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.key(key))) > 0;
  }

  async keys(prefix: string): Promise<string[]> {
    const match = `${globEscape(this.namespace + prefix)}*`;
    const found = new Set<string>();
    let cursor = "0";
    do {
      const [next, keys] = await this.redis.scan(cursor, match);
      for (const key of keys) found.add(key.slice(this.namespace.length));
      cursor = next;
    } while (cursor !== "0");
    return [...found].sort();
  }

  async ping(): Promise<void> {
    return this.redis.ping();
  }

  async close(): Promise<void> {
    return this.redis.close();
  }

  private key(key: string): string {
    checkKey(key);
    return this.namespace + key;
  }
}
