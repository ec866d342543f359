import { expect, test } from "bun:test";
import { SAMPLE_RATES, type SampleRate, samplesPer10ms } from "./frames";
import { Resampler } from "./resampler";
import { audioCore } from "./wasm-core";

const heapBytes = () => audioCore().exports.memory.buffer.byteLength;

function frameOf(rate: SampleRate, seed: number): Int16Array {
  return new Int16Array(samplesPer10ms(rate)).map((_, n) => Math.round(9000 * Math.sin(n * seed)));
}

test("creating and disposing 10,000 resamplers reuses the same WASM memory", () => {
  const churn = (count: number) => {
    for (let i = 0; i < count; i++) {
      const from = SAMPLE_RATES[i % 4] as SampleRate;
      const to = SAMPLE_RATES[(i + 1 + (i >> 2)) % 4] as SampleRate;
      const resampler = new Resampler(from, to === from ? 48000 : to);
      resampler.process(frameOf(from, 0.1));
      resampler.dispose();
    }
  };
  churn(200); // let every tap table and free-list size class exist once
  const settled = heapBytes();
  churn(10_000);
  expect(heapBytes()).toBe(settled);
});

test("hundreds of concurrent streams stay independent, and their memory is reused after", () => {
  const callLegs = () =>
    Array.from({ length: 400 }, (_, i) =>
      i % 2 ? new Resampler(48000, 24000) : new Resampler(24000, 48000),
    );
  // Reference outputs from one stream per direction, fed the same frames alone.
  const expected = new Map<string, Int16Array<ArrayBuffer>[]>();
  for (const [from, to] of [
    [48000, 24000],
    [24000, 48000],
  ] as const) {
    const solo = new Resampler(from, to);
    expected.set(
      `${from}`,
      [1, 2, 3].map((f) => solo.process(frameOf(from, 0.01 * f)).slice()),
    );
    solo.dispose();
  }
  const legs = callLegs();
  for (const f of [1, 2, 3]) {
    for (const leg of legs) {
      const output = leg.process(frameOf(leg.fromRate, 0.01 * f));
      expect(output).toEqual(expected.get(`${leg.fromRate}`)?.[f - 1] ?? new Int16Array());
    }
  }
  const withLegs = heapBytes();
  for (const leg of legs) leg.dispose();
  const again = callLegs();
  expect(heapBytes()).toBe(withLegs);
  for (const leg of again) leg.dispose();
});
