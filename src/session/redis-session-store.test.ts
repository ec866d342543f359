import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  type RedisTestServer,
  redisServerInstalled,
  startRedisServer,
} from "../../test/redis-test-server";
import { BunRedisCommands } from "./bun-redis-commands";
import { RedisSessionStore } from "./redis-session-store";
import { describeSessionStore, eventuallyAsync } from "./session-store-contract";

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

  test("a store whose Redis went away works again once it is back", async () => {
    const own = await startRedisServer();
    // One reconnection attempt, so the client has given up by the time Redis returns.
    const store = new RedisSessionStore(
      "redis",
      new BunRedisCommands(own.url, { maxRetries: 1 }),
      "astra:",
    );
    await store.set("lease:call_1", "machine-a", 60_000);
    await own.close();
    await expect(store.get("lease:call_1")).rejects.toThrow();
    await expect(store.get("lease:call_1")).rejects.toThrow();
    const back = await startRedisServer({ port: own.port });
    await eventuallyAsync("the store to answer again", async () =>
      store.ping().then(
        () => true,
        () => false,
      ),
    );
    // A fresh server without persistence: the lease is gone, and can be taken again.
    expect(await store.setIfAbsent("lease:call_1", "machine-b", 60_000)).toBe(true);
    await store.close();
    await back.close();
  });
});
