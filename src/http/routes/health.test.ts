import { describe, expect, test } from "bun:test";
import { redisServerInstalled, startRedisServer } from "../../../test/redis-test-server";
import { BunRedisCommands } from "../../session/bun-redis-commands";
import { MemorySessionStore } from "../../session/memory-session-store";
import { RedisSessionStore } from "../../session/redis-session-store";
import { openDb } from "../../store/db";
import { healthRoutes } from "./health";

const model = { mode: "simulator" as const, baseUrl: "" };

describe("/readyz and the session store", () => {
  test("names the session backend and is ready while it answers", async () => {
    const db = await openDb({ url: ":memory:" });
    const store = new MemorySessionStore();
    const response = await healthRoutes(db, model, () => false, store).request("/readyz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ready",
      database: "ok",
      model: "simulator",
      sessionStore: { backend: "memory", status: "ok" },
    });
    await store.close();
    db.close();
  });

  test.skipIf(!redisServerInstalled)("is not ready once the Redis server is gone", async () => {
    const db = await openDb({ url: ":memory:" });
    const server = await startRedisServer();
    const store = new RedisSessionStore("redis", new BunRedisCommands(server.url), "astra:");
    const routes = healthRoutes(db, model, () => false, store);
    expect((await routes.request("/readyz")).status).toBe(200);
    await server.close();
    const response = await routes.request("/readyz");
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: "not_ready",
      database: "ok",
      sessionStore: { backend: "redis", status: "unreachable" },
    });
    await store.close();
    db.close();
  });
});
