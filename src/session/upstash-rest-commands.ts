import { Redis } from "@upstash/redis";
import type { RedisCommands } from "./redis-session-store";

/** The store's commands over Upstash's REST API (HTTPS POSTs of JSON command arrays). */
export class UpstashRestCommands implements RedisCommands {
  private readonly client: Redis;

  /** `timeoutMs` cancels a request (with its retries) that has not been answered by then. */
  constructor(url: string, token: string, timeoutMs?: number) {
    this.client = new Redis({
      url,
      token,
      // Values stay the strings they were written as (the default would JSON-parse "42" to 42).
      automaticDeserialization: false,
      enableTelemetry: false,
      // Network failures only; a lease call waiting seconds on retries is worse than an error.
      retry: { retries: 2, backoff: (attempt) => 50 * 2 ** attempt },
      // A function, so each request gets its own deadline and an abort is thrown, not returned.
      ...(timeoutMs !== undefined && { signal: () => AbortSignal.timeout(timeoutMs) }),
    });
  }

  get(key: string): Promise<string | null> {
    return this.client.get<string>(key);
  }

  async set(key: string, value: string, ttlMs: number, onlyIfAbsent: boolean): Promise<boolean> {
    const written = onlyIfAbsent
      ? await this.client.set(key, value, { px: ttlMs, nx: true })
      : await this.client.set(key, value, { px: ttlMs });
    return written === "OK";
  }

  del(key: string): Promise<number> {
    return this.client.del(key);
  }

  eval(script: string, keys: string[], args: string[]): Promise<unknown> {
    return this.client.eval(script, keys, args);
  }

  async scan(cursor: string, match: string): Promise<[string, string[]]> {
    const [next, keys] = await this.client.scan(cursor, { match, count: 500 });
    return [String(next), keys];
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {}
}
