import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  type RedisTestServer,
  redisServerInstalled,
  startRedisServer,
} from "../../test/redis-test-server";
import { BunRedisCommands } from "./bun-redis-commands";
import { RedisSessionStore } from "./redis-session-store";
import { describeSessionStore } from "./session-store-contract";

if (!redisServerInstalled)
  console.warn("redis-server is not installed (apt-get install redis-server): Redis tests skipped");

describe.skipIf(!redisServerInstalled)("Redis backend (Bun's client, real redis-server)", () => {
  let server: RedisTestServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  const open = async () =>
    new RedisSessionStore("redis", new BunRedisCommands(server.url), "astra:");

  describeSessionStore("redis", open);

  test("every key is stored under the namespace", async () => {
    const store = new RedisSessionStore("redis", new BunRedisCommands(server.url), "tenant-x:");
    const other = await open();
    await store.set("lease:call_1", "machine-a", 60_000);
    expect(await other.get("lease:call_1")).toBeNull();
    expect(await other.get("tenant-x:lease:call_1")).toBeNull();
    const raw = new BunRedisCommands(server.url);
    expect(await raw.get("tenant-x:lease:call_1")).toBe("machine-a");
    expect(await store.keys("lease:")).toEqual(["lease:call_1"]);
    await Promise.all([store.close(), other.close(), raw.close()]);
  });
});
