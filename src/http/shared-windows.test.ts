import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  type RedisTestServer,
  redisServerInstalled,
  startRedisServer,
} from "../../test/redis-test-server";
import { memoryLogger } from "../log/logger";
import { BunRedisCommands } from "../session/bun-redis-commands";
import { MemorySessionStore } from "../session/memory-session-store";
import { RedisSessionStore } from "../session/redis-session-store";
import type { SessionStore } from "../session/session-store";
import { SharedWindows } from "./shared-windows";

let redis: RedisTestServer | undefined;
beforeAll(async () => {
  if (redisServerInstalled) redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.close();
});

/** A clock the test moves by hand, starting at the turn of a minute. */
const clock = () => {
  const state = { ms: 28_000_000 * 60_000 };
  return { now: () => state.ms, at: (ms: number) => (state.ms = 28_000_000 * 60_000 + ms) };
};

const stores: Array<[string, (now: () => number) => SessionStore]> = [
  ["memory", (now) => new MemorySessionStore(now)],
  ...(redisServerInstalled
    ? [
        [
          "redis",
          (now: () => number) =>
            new RedisSessionStore(
              "redis",
              new BunRedisCommands(redis?.url ?? ""),
              `test-${crypto.randomUUID()}:`,
              now,
            ),
        ] as [string, (now: () => number) => SessionStore],
      ]
    : []),
];

/** How many of `count` requests made at once go through. */
async function admitted(windows: SharedWindows, count: number): Promise<number> {
  const verdicts = await Promise.all(Array.from({ length: count }, () => windows.take("key_1")));
  return verdicts.filter((v) => v.ok).length;
}

describe.each(stores)("a per-minute limit counted in the %s store", (_, open) => {
  test("a key that spends its minute at the minute's end cannot spend it again just after", async () => {
    const time = clock();
    const store = open(time.now);
    const windows = new SharedWindows(store, "principal", 10, memoryLogger().logger);
    // One request as the minute starts, nine more in its last second.
    expect(await admitted(windows, 1)).toBe(1);
    time.at(59_500);
    expect(await admitted(windows, 9)).toBe(9);
    expect(await admitted(windows, 1)).toBe(0);

    // The minute turns: the last minute's ten still count, fading, so one more goes through and
    // not ten (a fixed window would have let 20 through within a second).
    time.at(60_500);
    expect(await admitted(windows, 10)).toBe(1);
    const refused = await windows.take("key_1");
    if (refused.ok) throw new Error("expected a refusal");
    // Waiting as long as Retry-After says is enough.
    time.at(60_500 + refused.retryAfterSeconds * 1000);
    expect(await admitted(windows, 1)).toBe(1);

    // After a minute with no more requests, the whole allowance is back.
    time.at(180_000);
    expect(await admitted(windows, 12)).toBe(10);
    await store.close();
  });

  test("a check spends nothing, and refuses once the allowance is used", async () => {
    const time = clock();
    const store = open(time.now);
    const windows = new SharedWindows(store, "failed-auth", 3, memoryLogger().logger);
    for (let i = 0; i < 5; i++) expect((await windows.check("key_1")).ok).toBe(true);
    expect(await admitted(windows, 3)).toBe(3);
    const refused = await windows.check("key_1");
    expect(refused.ok).toBe(false);
    time.at(30_000);
    expect((await windows.check("key_1")).ok).toBe(false);
    await store.close();
  });
});
