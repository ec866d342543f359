import { describe, expect, test } from "bun:test";
import { redisServerInstalled, startRedisServer } from "../../test/redis-test-server";
import { ConfigError, readEnv } from "../config/env";
import { openSessionStore, sessionStoreLocation, sessionStoreSettings } from "./open-session-store";

const settingsFrom = (vars: Record<string, string>) => sessionStoreSettings(readEnv(vars));
const problem = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
};

describe("choosing the session store from the environment", () => {
  test("memory when nothing is set, under the astra: namespace", () => {
    expect(settingsFrom({})).toEqual({ backend: "memory", namespace: "astra:", timeoutMs: 500 });
    expect(settingsFrom({ SESSION_KEY_PREFIX: "eu:" }).namespace).toBe("eu:");
    expect(settingsFrom({ SESSION_STORE_TIMEOUT_MS: "250" }).timeoutMs).toBe(250);
    expect(problem(() => readEnv({ SESSION_STORE_TIMEOUT_MS: "soon" }))).toContain(
      "SESSION_STORE_TIMEOUT_MS",
    );
  });

  test("REDIS_URL chooses Redis; the two UPSTASH_ variables choose Upstash REST", () => {
    expect(settingsFrom({ REDIS_URL: "rediss://default:pw@eu1.upstash.io:6379" })).toMatchObject({
      backend: "redis",
      url: "rediss://default:pw@eu1.upstash.io:6379",
    });
    expect(
      settingsFrom({
        UPSTASH_REDIS_REST_URL: "https://eu1-sure-cat.upstash.io",
        UPSTASH_REDIS_REST_TOKEN: "AX-token",
      }),
    ).toMatchObject({ backend: "upstash-rest", token: "AX-token" });
  });

  test("both backends at once, or half of Upstash's settings, is a clear error", () => {
    expect(
      problem(() =>
        settingsFrom({
          REDIS_URL: "redis://localhost:6379",
          UPSTASH_REDIS_REST_URL: "https://eu1-sure-cat.upstash.io",
          UPSTASH_REDIS_REST_TOKEN: "AX-token",
        }),
      ),
    ).toContain("not both");
    expect(
      problem(() => settingsFrom({ UPSTASH_REDIS_REST_URL: "https://eu1-sure-cat.upstash.io" })),
    ).toContain("go together");
    expect(problem(() => settingsFrom({ UPSTASH_REDIS_REST_TOKEN: "AX-token" }))).toContain(
      "go together",
    );
  });

  test("a malformed URL names the variable without echoing its secret", () => {
    const redis = problem(() => readEnv({ REDIS_URL: "http://user:hunter2@host:6379" }));
    expect(redis).toContain("REDIS_URL: must be a redis:// or rediss:// URL");
    expect(redis).not.toContain("hunter2");
    const upstash = problem(() =>
      readEnv({ UPSTASH_REDIS_REST_URL: "eu1-sure-cat.upstash.io", UPSTASH_REDIS_REST_TOKEN: "t" }),
    );
    expect(upstash).toContain("UPSTASH_REDIS_REST_URL: must be an https:// URL");
    expect(problem(() => readEnv({ SESSION_KEY_PREFIX: "has space" }))).toContain(
      "SESSION_KEY_PREFIX",
    );
  });

  test("what is logged about the store names its host, never a password or token", () => {
    const where = sessionStoreLocation(
      settingsFrom({ REDIS_URL: "rediss://default:pw@eu1.upstash.io:6379" }),
    );
    expect(where).toEqual({ backend: "redis", host: "eu1.upstash.io:6379" });
    const rest = sessionStoreLocation(
      settingsFrom({
        UPSTASH_REDIS_REST_URL: "https://eu1-sure-cat.upstash.io",
        UPSTASH_REDIS_REST_TOKEN: "AX-token",
      }),
    );
    expect(JSON.stringify(rest)).not.toContain("AX-token");
  });

  test.skipIf(!redisServerInstalled)("the chosen Redis store works end to end", async () => {
    const server = await startRedisServer();
    const store = openSessionStore(settingsFrom({ REDIS_URL: server.url }));
    expect(store.backend).toBe("redis");
    await store.ping();
    expect(await store.setIfAbsent("lease:call_1", "machine-a", 60_000)).toBe(true);
    expect(await store.get("lease:call_1")).toBe("machine-a");
    await store.close();
    await server.close();
  });
});
