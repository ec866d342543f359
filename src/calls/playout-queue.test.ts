import { describe, expect, test } from "bun:test";
import { PlayoutQueue } from "./playout-queue";

const ramp = (from: number, n: number) => Int16Array.from({ length: n }, (_, i) => from + i);

describe("playout queue", () => {
  test("plays chunks in order across frame edges, then silence", () => {
    const q = new PlayoutQueue(24000);
    q.push(ramp(1, 300), "item_a");
    q.push(ramp(301, 300), "item_a");
    const out = new Int16Array(240);
    const got: number[] = [];
    for (let i = 0; i < 3; i++) {
      const n = q.read(out);
      got.push(...out.subarray(0, n));
      if (i === 2) {
        expect(n).toBe(120);
        expect(out.subarray(120).every((s) => s === 0)).toBe(true);
      }
    }
    expect(got).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(q.pendingSamples).toBe(0);
  });

  test("knows how much of the item now playing went out, for truncation", () => {
    const q = new PlayoutQueue(24000);
    q.push(new Int16Array(2400), "item_a"); // 100 ms
    q.push(new Int16Array(4800), "item_b"); // 200 ms
    const out = new Int16Array(240);
    for (let i = 0; i < 13; i++) q.read(out); // 130 ms
    expect(q.playing?.itemId).toBe("item_b");
    const played = q.clear();
    expect(played && q.playedMs(played)).toBe(30);
    expect(q.pendingSamples).toBe(0);
    expect(q.read(out)).toBe(0);
  });
});
