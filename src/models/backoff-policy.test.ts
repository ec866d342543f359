import { expect, test } from "bun:test";
import { backoffDelayMs } from "./backoff-policy";

const policy = { initialMs: 100, maxMs: 1000, maxAttempts: 5, jitter: 0 };

test("delays double from the initial delay and stop at the cap", () => {
  expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(policy, n))).toEqual([
    100, 200, 400, 800, 1000, 1000,
  ]);
});

test("jitter only ever shortens a delay, by at most its share", () => {
  const jittered = { ...policy, jitter: 0.5 };
  expect(backoffDelayMs(jittered, 2, () => 0)).toBe(200);
  expect(backoffDelayMs(jittered, 2, () => 1)).toBe(100);
});
