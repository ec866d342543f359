import { expect, test } from "bun:test";
import { type FrameLevels, measureLevels, SILENCE_DBFS } from "./levels";

function sine(length: number, amplitude: number): Int16Array {
  // 1 kHz at 48 kHz: whole periods in a 10 ms frame, and the crest is sampled exactly.
  return Int16Array.from({ length }, (_, n) =>
    Math.round(amplitude * Math.sin((2 * Math.PI * n) / 48)),
  );
}

test("a full-scale sine is -3.01 dBFS RMS and 0 dBFS peak", () => {
  const levels = measureLevels(sine(480, 32767));
  expect(levels.rmsDbfs).toBeCloseTo(-3.01, 2);
  expect(levels.peakDbfs).toBeCloseTo(0, 3);
});

test("a sine 20 dB down reads 20 dB lower", () => {
  const levels = measureLevels(sine(480, 3276.7));
  expect(levels.rmsDbfs).toBeCloseTo(-23.01, 2);
  expect(levels.peakDbfs).toBeCloseTo(-20, 2);
});

test("a full-scale square wave (with -32768) is 0 dBFS", () => {
  const square = Int16Array.from({ length: 480 }, (_, n) => (n % 2 ? -32768 : 32767));
  const levels = measureLevels(square);
  expect(levels.rmsDbfs).toBeCloseTo(0, 3);
  expect(levels.peakDbfs).toBe(0);
});

test("a single click in silence shows in the peak, barely in the RMS", () => {
  const frame = new Int16Array(480);
  frame[477] = -16384;
  const levels = measureLevels(frame);
  expect(levels.peakDbfs).toBeCloseTo(-6.02, 2);
  expect(levels.rmsDbfs).toBeCloseTo(-6.02 - 10 * Math.log10(480), 2);
});

test("silence and empty frames read the floor", () => {
  expect(measureLevels(new Int16Array(480))).toEqual({
    rmsDbfs: SILENCE_DBFS,
    peakDbfs: SILENCE_DBFS,
  });
  expect(measureLevels(new Int16Array(0)).rmsDbfs).toBe(SILENCE_DBFS);
});

test("fills a caller's object, and measures frames longer than one chunk", () => {
  const into: FrameLevels = { rmsDbfs: 0, peakDbfs: 0 };
  const long = sine(48_000, 16384);
  long[40_000] = 32767;
  expect(measureLevels(long, into)).toBe(into);
  expect(into.peakDbfs).toBeCloseTo(0, 3);
  expect(into.rmsDbfs).toBeCloseTo(-9.03, 2);
});
