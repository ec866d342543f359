import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  type RedisTestServer,
  redisServerInstalled,
  startRedisServer,
} from "../../test/redis-test-server";
import { startUpstashRestServer, type UpstashRestServer } from "../../test/upstash-rest-server";
import { RedisSessionStore } from "./redis-session-store";
import { describeSessionStore } from "./session-store-contract";
import { UpstashRestCommands } from "./upstash-rest-commands";

if (!redisServerInstalled)
  console.warn(
    "redis-server is not installed (apt-get install redis-server): Upstash REST tests skipped",
  );

describe.skipIf(!redisServerInstalled)(
  "Upstash REST backend (@upstash/redis, local REST server)",
  () => {
    let redis: RedisTestServer;
    let rest: UpstashRestServer;
    beforeAll(async () => {
      redis = await startRedisServer();
      rest = await startUpstashRestServer(redis.url);
    });
    afterAll(async () => {
      await rest?.close();
      await redis?.close();
    });

    describeSessionStore(
      "upstash-rest",
      async () =>
        new RedisSessionStore(
          "upstash-rest",
          new UpstashRestCommands(rest.url, rest.token),
          "astra:",
        ),
    );

    test("a wrong token is refused and nothing is written", async () => {
      const store = new RedisSessionStore(
        "upstash-rest",
        new UpstashRestCommands(rest.url, "not-the-token"),
        "astra:",
      );
      await expect(store.set("refused", "x", 60_000)).rejects.toThrow(/Unauthorized/);
      await expect(store.ping()).rejects.toThrow();
      const allowed = new RedisSessionStore(
        "upstash-rest",
        new UpstashRestCommands(rest.url, rest.token),
        "astra:",
      );
      expect(await allowed.get("refused")).toBeNull();
    });

    test("the REST server answers pipelines and transactions in order", async () => {
      const post = (path: string, body: unknown) =>
        fetch(`${rest.url}${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${rest.token}` },
          body: JSON.stringify(body),
        }).then((response) => response.json());
      expect(
        await post("/pipeline", [
          ["SET", "astra:p", "1"],
          ["INCR", "astra:p"],
          ["INCR", "astra:not-a-number-key", "extra"],
        ]),
      ).toEqual([{ result: "OK" }, { result: 2 }, { error: expect.stringContaining("ERR") }]);
      expect(
        await post("/multi-exec", [
          ["INCR", "astra:p"],
          ["GET", "astra:p"],
        ]),
      ).toEqual([{ result: 3 }, { result: "3" }]);
    });
  },
);
