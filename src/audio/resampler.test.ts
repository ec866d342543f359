import { describe, expect, test } from "bun:test";
import { ReferenceFir } from "../../test/fir-reference";
import { measureResamplerQuality, measureTone } from "../../test/resampler-quality";
import { SAMPLE_RATES, type SampleRate, samplesPer10ms } from "./frames";
import { Resampler, resamplerDesign } from "./resampler";

const PAIRS: [SampleRate, SampleRate][] = SAMPLE_RATES.flatMap((from) =>
  SAMPLE_RATES.filter((to) => to !== from).map((to): [SampleRate, SampleRate] => [from, to]),
);

/** One second of loud, deterministic audio: two tones plus full-band noise, clipping at times. */
function testSignal(rate: SampleRate, seconds = 1): Int16Array<ArrayBuffer> {
  const samples = new Int16Array(rate * seconds);
  let seed = 12345;
  for (let n = 0; n < samples.length; n++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const noise = ((seed >>> 16) / 65536 - 0.5) * 12000;
    const tones = 20000 * Math.sin(n * 0.05) + 9000 * Math.sin(n * 0.9);
    samples[n] = Math.max(-32768, Math.min(32767, Math.round(tones + noise)));
  }
  return samples;
}

/** Converts `input` cut into pieces of the given sizes (cycled), joining the output. */
function streamInPieces(from: SampleRate, to: SampleRate, input: Int16Array, sizes: number[]) {
  const resampler = new Resampler(from, to);
  const parts: number[] = [];
  let offset = 0;
  for (let i = 0; offset < input.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    parts.push(...resampler.process(input.subarray(offset, offset + size)));
    offset += size;
  }
  resampler.dispose();
  return Int16Array.from(parts);
}

describe("Resampler quality (tones through 10 ms frames)", () => {
  for (const [from, to] of PAIRS) {
    test(`${from} -> ${to} Hz: flat passband, stopband at least 60 dB down`, async () => {
      const quality = await measureResamplerQuality(from, to, () => new Resampler(from, to));
      expect(quality.minPassbandGainDb).toBeGreaterThan(-0.05);
      expect(quality.maxPassbandGainDb).toBeLessThan(0.05);
      expect(quality.passbandRippleDb).toBeLessThan(0.05);
      expect(quality.stopbandAttenuationDb).toBeGreaterThanOrEqual(60);
    });
  }

  test("a tone in the transition band is only partly kept (the filter really filters)", async () => {
    // 48 -> 8 kHz: a 4.4 kHz tone lies above the 4 kHz output Nyquist.
    const tone = await measureTone(48000, 8000, () => new Resampler(48000, 8000), 4400, false);
    expect(tone.rejectionDb).toBeGreaterThan(6);
    expect(tone.rejectionDb).toBeLessThan(60);
  });
});

describe("Resampler streaming", () => {
  for (const [from, to] of PAIRS) {
    test(`${from} -> ${to} Hz: 10 ms, 20 ms and ragged frames give the one-shot output`, () => {
      const input = testSignal(from);
      const oneShot = new Resampler(from, to).process(input).slice();
      expect(oneShot.length).toBe(to);
      const frame = samplesPer10ms(from);
      expect(streamInPieces(from, to, input, [frame])).toEqual(oneShot);
      expect(streamInPieces(from, to, input, [2 * frame])).toEqual(oneShot);
      expect(streamInPieces(from, to, input, [1, 7, 333, 2, frame * 5 + 3])).toEqual(oneShot);
    });
  }

  test("every 10 ms frame in gives exactly 10 ms out", () => {
    for (const [from, to] of PAIRS) {
      const resampler = new Resampler(from, to);
      const frame = new Int16Array(samplesPer10ms(from));
      for (let i = 0; i < 25; i++) {
        expect(resampler.process(frame).length).toBe(samplesPer10ms(to));
      }
      resampler.dispose();
    }
  });

  test("matches the plain-JS FIR with the same taps sample for sample, clipping included", () => {
    for (const [from, to] of PAIRS) {
      const input = testSignal(from);
      const wasm = new Resampler(from, to).process(input).slice();
      const reference = new ReferenceFir(resamplerDesign(from, to)).process(input);
      expect(wasm).toEqual(reference);
    }
  });

  test("worst-case full-scale input saturates like the reference instead of wrapping", () => {
    // Input matching a phase's tap signs drives that output furthest past full scale; an
    // overflowing accumulator would flip its sign.
    for (const [from, to] of PAIRS) {
      const design = resamplerDesign(from, to);
      const { up, down, tapsPerPhase: k } = design;
      for (let phase = 0; phase < up; phase++) {
        let n = 4 * k;
        while ((n * down) % up !== phase) n++;
        const newest = Math.floor((n * down) / up);
        const input = new Int16Array(newest + 100);
        for (let r = 0; r < k; r++) {
          const tap = design.taps[phase * k + r] ?? 0;
          input[newest - k + 1 + r] = tap < 0 ? -32768 : 32767;
        }
        const wasm = new Resampler(from, to).process(input).slice();
        expect(Math.abs(wasm[n] ?? 0)).toBeGreaterThan(32000);
        expect(wasm).toEqual(new ReferenceFir(design).process(input));
      }
    }
  });

  test("reset() forgets history: output equals a fresh resampler's", () => {
    const input = testSignal(48000);
    const fresh = new Resampler(48000, 24000).process(input.subarray(0, 480)).slice();
    const reused = new Resampler(48000, 24000);
    reused.process(input.subarray(5000, 9000));
    reused.reset();
    expect(reused.process(input.subarray(0, 480))).toEqual(fresh);
  });
});

describe("Resampler API", () => {
  test("output is a view reused by the next call; slice() keeps it", () => {
    const resampler = new Resampler(24000, 48000);
    const frame = testSignal(24000).subarray(0, 240);
    const first = resampler.process(frame);
    const kept = first.slice();
    const second = resampler.process(new Int16Array(240));
    expect(second.buffer).toBe(first.buffer);
    expect(first).not.toEqual(kept); // overwritten by the silent frame's output
    expect(kept.some((s) => s !== 0)).toBe(true);
  });

  test("equal rates copy the input", () => {
    const resampler = new Resampler(16000, 16000);
    const input = testSignal(16000).subarray(0, 160);
    const output = resampler.process(input);
    expect(output).toEqual(input);
    expect(output.buffer).not.toBe(input.buffer);
  });

  test("unsupported rates and use after dispose fail loudly", () => {
    expect(() => new Resampler(44100 as SampleRate, 48000)).toThrow("cannot resample 44100 Hz");
    const resampler = new Resampler(48000, 16000);
    resampler.dispose();
    expect(() => resampler.process(new Int16Array(480))).toThrow("after dispose");
  });
});
