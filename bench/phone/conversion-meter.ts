// Preloaded into the gateway by the phone-call benchmark: times every sample-rate conversion
// (`Resampler.process`, copies in and out of WASM memory included) and every G.711 µ-law kernel
// call on the gateway's JavaScript thread, by kind, and writes running histograms of their wall
// times to BENCH_CONVERSION_FILE four times a second. This is the work that giving the model the
// caller's µ-law as it comes (`audio/pcmu`) could spare a phone call; the benchmark reports it
// per call-second next to the gateway's whole CPU. Each timed call adds two clock reads.

import { writeFileSync } from "node:fs";
import { Resampler } from "../../src/audio/resampler";
import { type AudioCoreExports, audioCore } from "../../src/audio/wasm-core";

/** Per kind, how many calls took each whole microsecond (the last bucket: that long or more). */
export type ConversionTotals = Record<string, number[]>;

/** Calls that took longer are counted in the last bucket (preempted by another process). */
const MAX_US = 200;

const file = process.env.BENCH_CONVERSION_FILE;

if (file) {
  const totals: ConversionTotals = {};
  const add = (kind: string, ms: number) => {
    const counts = totals[kind] ?? new Array<number>(MAX_US + 1).fill(0);
    const bucket = Math.min(MAX_US, Math.floor(ms * 1000));
    counts[bucket] = (counts[bucket] ?? 0) + 1;
    totals[kind] = counts;
  };

  const process16 = Resampler.prototype.process;
  Resampler.prototype.process = function timedProcess(this: Resampler, input: Int16Array) {
    const started = performance.now();
    const output = process16.call(this, input);
    add(`${this.fromRate / 1000}k→${this.toRate / 1000}k`, performance.now() - started);
    return output;
  };

  // The G.711 wrappers look the kernels up on the core's exports at every call: a copy of the
  // (frozen) exports with two of them timed takes their place.
  const core = audioCore() as { exports: AudioCoreExports };
  const real = core.exports;
  const timed: AudioCoreExports & Record<string, unknown> = { ...real };
  for (const [name, kind] of [
    ["muLawEncode", "µ-law encode"],
    ["muLawDecode", "µ-law decode"],
  ] as const) {
    const kernel = real[name];
    timed[name] = (input: number, output: number, count: number) => {
      const started = performance.now();
      kernel(input, output, count);
      add(kind, performance.now() - started);
    };
  }
  core.exports = timed;

  setInterval(() => writeFileSync(file, JSON.stringify(totals)), 250).unref();
}
