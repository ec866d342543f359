import { RedisClient, type RedisOptions } from "bun";
import type { RedisCommands } from "./redis-session-store";

/** The store's commands over Bun's built-in Redis client (RESP over TCP, TLS with rediss://). */
export class BunRedisCommands implements RedisCommands {
  private readonly client: RedisClient;
  private connecting: Promise<void> | undefined;

  constructor(url: string, options: Pick<RedisOptions, "maxRetries"> = {}) {
    // Commands wait in the client's queue while it reconnects; the connect timeout bounds that.
    this.client = new RedisClient(url, {
      connectionTimeout: 5_000,
      autoReconnect: true,
      ...options,
    });
  }

  get(key: string): Promise<string | null> {
    return this.command(() => this.client.get(key));
  }

  async set(key: string, value: string, ttlMs: number, onlyIfAbsent: boolean): Promise<boolean> {
    const args = [key, value, "PX", String(ttlMs), ...(onlyIfAbsent ? ["NX"] : [])];
    return (await this.command(() => this.client.send("SET", args))) === "OK";
  }

  del(key: string): Promise<number> {
    return this.command(() => this.client.del(key));
  }

  eval(script: string, keys: string[], args: string[]): Promise<unknown> {
    return this.command(() =>
      this.client.send("EVAL", [script, String(keys.length), ...keys, ...args]),
    );
  }

  async scan(cursor: string, match: string): Promise<[string, string[]]> {
    const args = [cursor, "MATCH", match, "COUNT", "500"];
    const [next, keys] = (await this.command(() => this.client.send("SCAN", args))) as [
      string,
      string[],
    ];
    return [String(next), keys];
  }

  async ping(): Promise<void> {
    await this.command(() => this.client.send("PING", []));
  }

  async close(): Promise<void> {
    this.client.close();
  }

  /**
   * Runs a command, connecting first when the client is not connected: once it has used up its
   * reconnection attempts Bun's client never tries again by itself, so a Redis back after a long
   * outage would otherwise stay unreachable to this process until it restarts.
   */
  private async command<T>(run: () => Promise<T>): Promise<T> {
    if (!this.client.connected) {
      this.connecting ??= this.client.connect().finally(() => {
        this.connecting = undefined;
      });
      await this.connecting;
    }
    return run();
  }
}
