// A streaming PCM16 sample-rate converter per audio stream (one per call direction), backed by
// the WASM polyphase resampler. Filter state carries across calls, so cutting a stream into
// frames of any size gives the same samples as converting it in one piece.

import type { SampleRate } from "./frames";
import { type AudioCore, audioCore, HeapView } from "./wasm-core";

/** Samples per WASM call: 20 ms of input. Longer inputs are converted in chunks. */
const CHUNK_MS = 20;

// Frees the WASM state of resamplers that were dropped without dispose().
const leaked = new FinalizationRegistry<number>((stream) => {
  audioCore().exports.resamplerFree(stream);
});

/** A stream's state block in WASM memory, with views of its input and output regions. */
interface WasmStream {
  readonly ptr: number;
  readonly input: HeapView<Int16Array>;
  readonly output: HeapView<Int16Array>;
}

export class Resampler {
  readonly #core: AudioCore;
  /** Undefined when the rates are equal (a plain copy) and after dispose. */
  #wasm: WasmStream | undefined;
  readonly #maxInput: number;
  #disposed = false;
  /** Reused output storage; grows only when a longer input than ever before arrives. */
  #output: Int16Array<ArrayBuffer>;
  #result: Int16Array<ArrayBuffer>;

  constructor(
    readonly fromRate: SampleRate,
    readonly toRate: SampleRate,
  ) {
    this.#core = audioCore();
    this.#maxInput = (fromRate * CHUNK_MS) / 1000;
    this.#output = new Int16Array(this.#outputBound(this.#maxInput));
    this.#result = this.#output.subarray(0, 0);
    if (fromRate === toRate) return;
    const { exports } = this.#core;
    const ptr = exports.resamplerCreate(fromRate, toRate, this.#maxInput);
    if (ptr === 0) throw new Error(`cannot resample ${fromRate} Hz to ${toRate} Hz`);
    this.#wasm = {
      ptr,
      input: new HeapView(exports.memory, Int16Array, exports.resamplerInputPtr(ptr)),
      output: new HeapView(exports.memory, Int16Array, exports.resamplerOutputPtr(ptr)),
    };
    leaked.register(this, ptr, this);
  }

  /**
   * Converts the next piece of the stream (any length). Returns a view into this resampler's
   * reusable output buffer: it is valid until the next process(), reset() or dispose() call,
   * so copy it (`.slice()`) to keep it. While every piece lasts a whole number of milliseconds
   * (10 ms and 20 ms frames do), each gives exactly N * toRate / fromRate samples; other sizes
   * give that on average. The filter delays the audio by a constant 0.4 to 1.5 ms.
   */
  process(input: Int16Array): Int16Array<ArrayBuffer> {
    if (this.#disposed) throw new Error("Resampler used after dispose()");
    const bound = this.#outputBound(input.length);
    if (this.#output.length < bound) this.#output = new Int16Array(bound);
    const wasm = this.#wasm;
    if (!wasm) {
      this.#output.set(input);
      return this.#view(input.length);
    }
    const exports = this.#core.exports;
    let produced = 0;
    for (let offset = 0; offset < input.length; offset += this.#maxInput) {
      const count = Math.min(this.#maxInput, input.length - offset);
      const chunk = count === input.length ? input : input.subarray(offset, offset + count);
      wasm.input.get(count).set(chunk);
      const made = exports.resamplerProcess(wasm.ptr, count);
      this.#output.set(wasm.output.get(made), produced);
      produced += made;
    }
    return this.#view(produced);
  }

  /** Forgets the stream so far (filter history and phase), as if newly created. */
  reset(): void {
    if (this.#disposed) throw new Error("Resampler used after dispose()");
    if (this.#wasm) this.#core.exports.resamplerReset(this.#wasm.ptr);
  }

  /** Returns the WASM memory for reuse. The resampler cannot be used afterwards. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#wasm) {
      leaked.unregister(this);
      this.#core.exports.resamplerFree(this.#wasm.ptr);
      this.#wasm = undefined;
    }
  }

  /** Most outputs `inputLength` samples can produce (one spare for the phase carried in). */
  #outputBound(inputLength: number): number {
    return Math.ceil((inputLength * this.toRate) / this.fromRate) + 1;
  }

  #view(length: number): Int16Array<ArrayBuffer> {
    if (this.#result.length !== length || this.#result.buffer !== this.#output.buffer) {
      this.#result = this.#output.subarray(0, length);
    }
    return this.#result;
  }
}

/** The polyphase filter the WASM core uses for a rate pair, for references and inspection. */
export interface ResamplerDesign {
  /** Output n sits at input position n * down / up. */
  readonly up: number;
  readonly down: number;
  readonly tapsPerPhase: number;
  /** Taps are integers scaled by 2 ** fractionBits; each phase sums to exactly that. */
  readonly fractionBits: number;
  /** `up` phases of tapsPerPhase taps each; tap r of a phase weighs the r-th oldest sample. */
  readonly taps: Int16Array;
}

/** A copy of the filter used between two different supported rates. */
export function resamplerDesign(fromRate: SampleRate, toRate: SampleRate): ResamplerDesign {
  const { exports } = audioCore();
  const table = exports.tapTable(fromRate, toRate);
  if (table === 0) throw new Error(`no resampler design for ${fromRate} Hz to ${toRate} Hz`);
  const field = (offset: WebAssembly.Global) =>
    new DataView(exports.memory.buffer).getInt32(table + (offset.value as number), true);
  const up = field(exports.TABLE_L);
  const tapsPerPhase = field(exports.TABLE_K);
  const taps = new Int16Array(exports.memory.buffer, field(exports.TABLE_TAPS), up * tapsPerPhase);
  return {
    up,
    down: field(exports.TABLE_M),
    tapsPerPhase,
    fractionBits: field(exports.TABLE_SHIFT),
    taps: taps.slice(),
  };
}
