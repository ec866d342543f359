import { RedisClient } from "bun";
import type { RedisCommands } from "./redis-session-store";

/** The store's commands over Bun's built-in Redis client (RESP over TCP, TLS with rediss://). */
export class BunRedisCommands implements RedisCommands {
  private readonly client: RedisClient;

  constructor(url: string) {
    // Commands wait in the client's queue while it reconnects; the connect timeout bounds that.
    this.client = new RedisClient(url, { connectionTimeout: 5_000, autoReconnect: true });
  }

  get(key: string): Promise<string | null> {
    return this.client.get(key);
  }

  async set(key: string, value: string, ttlMs: number, onlyIfAbsent: boolean): Promise<boolean> {
    const args = [key, value, "PX", String(ttlMs), ...(onlyIfAbsent ? ["NX"] : [])];
    return (await this.client.send("SET", args)) === "OK";
  }

  del(key: string): Promise<number> {
    return this.client.del(key);
  }

  eval(script: string, keys: string[], args: string[]): Promise<unknown> {
    return this.client.send("EVAL", [script, String(keys.length), ...keys, ...args]);
  }

  async scan(cursor: string, match: string): Promise<[string, string[]]> {
    const [next, keys] = (await this.client.send("SCAN", [
      cursor,
      "MATCH",
      match,
      "COUNT",
      "500",
    ])) as [string, string[]];
    return [String(next), keys];
  }

  async ping(): Promise<void> {
    await this.client.send("PING", []);
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
