import { expect, test } from "bun:test";
import {
  isSampleRate,
  msToSamples,
  pcm16BytesToMs,
  SAMPLE_RATES,
  samplesPer10ms,
  samplesPerFrame,
  samplesToMs,
} from "./frames";

test("10 ms frames hold 80, 160, 240 and 480 samples", () => {
  expect(SAMPLE_RATES.map(samplesPer10ms)).toEqual([80, 160, 240, 480]);
  expect(samplesPerFrame(48000, 20)).toBe(960);
});

test("durations convert both ways", () => {
  expect(msToSamples(125, 24000)).toBe(3000);
  expect(msToSamples(0.03, 48000)).toBe(1);
  expect(samplesToMs(3000, 24000)).toBe(125);
  expect(samplesToMs(1, 48000)).toBeCloseTo(0.0208, 4);
  expect(pcm16BytesToMs(4800, 24000)).toBe(100);
});

test("only the four supported rates are sample rates", () => {
  expect(SAMPLE_RATES.every(isSampleRate)).toBe(true);
  expect(isSampleRate(44100)).toBe(false);
  expect(isSampleRate(12000)).toBe(false);
});
