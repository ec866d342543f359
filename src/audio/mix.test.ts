import { expect, test } from "bun:test";
import { gainFromDb, mixPcm16 } from "./mix";

test("adds two streams at unity gain", () => {
  expect([...mixPcm16(Int16Array.of(100, -200, 300), Int16Array.of(1, 2, -3))]).toEqual([
    101, -198, 297,
  ]);
});

test("saturates at full scale instead of wrapping around", () => {
  const loud = Int16Array.of(30000, -30000, 32767, -32768, 20000);
  const mixed = mixPcm16(loud, loud);
  expect([...mixed]).toEqual([32767, -32768, 32767, -32768, 32767]);
});

test("applies a gain to each stream, rounding to nearest (ties to even)", () => {
  const voice = Int16Array.of(1000, -1000, 3, 0);
  const cue = Int16Array.of(3000, 3000, 0, 5);
  expect([...mixPcm16(voice, cue, 1, 0.5)]).toEqual([2500, 500, 3, 2]);
  expect([...mixPcm16(voice, cue, 0, 0.25)]).toEqual([750, 750, 0, 1]);
  expect(gainFromDb(-6.0206)).toBeCloseTo(0.5, 4);
});

test("the shorter stream counts as silence past its end", () => {
  const long = Int16Array.from({ length: 10_000 }, (_, i) => (i % 100) - 50);
  const short = Int16Array.from({ length: 4100 }, () => 7);
  const mixed = mixPcm16(short, long);
  expect(mixed.length).toBe(10_000);
  for (let i = 0; i < mixed.length; i++) {
    expect(mixed[i]).toBe((long[i] ?? 0) + (i < 4100 ? 7 : 0));
  }
});

test("can mix in place into one of the inputs", () => {
  const voice = Int16Array.of(10, 20, 30);
  const result = mixPcm16(voice, Int16Array.of(1, 1, 1), 1, 1, voice);
  expect(result).toBe(voice);
  expect([...voice]).toEqual([11, 21, 31]);
  expect(() => mixPcm16(voice, new Int16Array(5), 1, 1, voice)).toThrow(RangeError);
});
