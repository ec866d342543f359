// How late this process's event loop ran a 5 ms timer while calls were measured: the arrival
// times above are taken on this loop, so its lag bounds how much they can be inflated by it.

import { LatencyStats } from "../../src/calls/latency-stats";

const PERIOD_MS = 5;

export class LoopLag {
  readonly lateMs = new LatencyStats(1 << 16);
  private timer: ReturnType<typeof setInterval> | null = null;

  start(): void {
    let expected = performance.now() + PERIOD_MS;
    this.timer = setInterval(() => {
      const now = performance.now();
      this.lateMs.add(Math.max(0, now - expected));
      expected = now + PERIOD_MS;
    }, PERIOD_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
