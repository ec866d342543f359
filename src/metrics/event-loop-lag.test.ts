import { expect, test } from "bun:test";
import { sampleEventLoopLag } from "./event-loop-lag";
import { Histogram } from "./exposition";

test("a blocked event loop shows as one late timer of about the time it was blocked", async () => {
  const lag = new Histogram({ name: "lag_seconds", help: "", buckets: [0.005, 0.05, 1] });
  const series = lag.labels({});
  const stop = sampleEventLoopLag(series, 10);
  await Bun.sleep(100);
  const beforeBlock = series.count;
  const blockedUntil = performance.now() + 80;
  while (performance.now() < blockedUntil) {
    // The loop is busy: no timer can fire.
  }
  await Bun.sleep(50);
  stop();
  // Samples kept coming, one per interval or so.
  expect(beforeBlock).toBeGreaterThan(3);
  // The timer due during the block fired at least 70 ms late (80 ms less one interval).
  const over50ms = (series.counts[2] ?? 0) + (series.counts[3] ?? 0);
  expect(over50ms).toBeGreaterThanOrEqual(1);
  expect(series.sum).toBeGreaterThanOrEqual(0.07);
});
