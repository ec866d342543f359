// Plain-JS polyphase FIR using the WASM core's own taps: the reference the tests hold the WASM
// kernel to (same integer result), and the benchmark's JS baseline. Same streaming rules as
// Resampler: state carries across calls; the returned view is reused by the next call.

import type { ResamplerDesign } from "../src/audio/resampler";

export class ReferenceFir {
  readonly #design: ResamplerDesign;
  readonly #taps: Float64Array;
  /** Per phase: input samples to advance after its output, and the phase that follows. */
  readonly #steps: Int32Array;
  readonly #nextPhase: Int32Array;
  /** K-1 samples of history followed by the current input. */
  #window: Float64Array;
  #output = new Int16Array(0);
  #result = new Int16Array(0);
  #start = 0;
  #phase = 0;

  constructor(design: ResamplerDesign) {
    this.#design = design;
    const scale = 2 ** design.fractionBits;
    this.#taps = Float64Array.from(design.taps, (q) => q / scale);
    this.#window = new Float64Array(design.tapsPerPhase - 1);
    const { up, down } = design;
    this.#steps = Int32Array.from({ length: up }, (_, p) => Math.floor((p + down) / up));
    this.#nextPhase = Int32Array.from({ length: up }, (_, p) => (p + down) % up);
  }

  process(input: Int16Array): Int16Array<ArrayBuffer> {
    const { up, down, tapsPerPhase: k } = this.#design;
    const history = k - 1;
    if (this.#window.length < history + input.length) {
      const grown = new Float64Array(history + input.length);
      grown.set(this.#window.subarray(0, history));
      this.#window = grown;
    }
    const window = this.#window;
    window.set(input, history);
    const bound = Math.ceil((input.length * up) / down) + 1;
    if (this.#output.length < bound) this.#output = new Int16Array(bound);
    const output = this.#output;
    const taps = this.#taps;
    const steps = this.#steps;
    const nextPhase = this.#nextPhase;
    let start = this.#start;
    let phase = this.#phase;
    let produced = 0;
    while (start < input.length) {
      // Four running sums (K is a multiple of 8) let the JIT overlap the multiplies. Every
      // product and partial sum is exact in float64, so the order does not change the result.
      const h = phase * k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let r = 0; r < k; r += 4) {
        s0 += (taps[h + r] as number) * (window[start + r] as number);
        s1 += (taps[h + r + 1] as number) * (window[start + r + 1] as number);
        s2 += (taps[h + r + 2] as number) * (window[start + r + 2] as number);
        s3 += (taps[h + r + 3] as number) * (window[start + r + 3] as number);
      }
      const sum = s0 + s1 + s2 + s3;
      output[produced++] = Math.max(-32768, Math.min(32767, Math.round(sum)));
      start += steps[phase] as number;
      phase = nextPhase[phase] as number;
    }
    window.copyWithin(0, input.length, input.length + history);
    this.#start = start - input.length;
    this.#phase = phase;
    if (this.#result.length !== produced || this.#result.buffer !== output.buffer) {
      this.#result = output.subarray(0, produced);
    }
    return this.#result;
  }

  dispose(): void {}
}
