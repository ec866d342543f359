// Loads the AssemblyScript audio core (wasm/build/audio.wasm, built by `bun wasm/build.ts`) once,
// and gives typed views over its memory that survive memory growth.

import { readFileSync } from "node:fs";

/** The functions and globals wasm/assembly/index.ts exports. Pointers are byte offsets. */
export interface AudioCoreExports {
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  tapTable(fromRate: number, toRate: number): number;
  resamplerCreate(fromRate: number, toRate: number, maxInput: number): number;
  resamplerFree(stream: number): void;
  resamplerReset(stream: number): void;
  resamplerInputPtr(stream: number): number;
  resamplerOutputPtr(stream: number): number;
  resamplerProcess(stream: number, count: number): number;
  pcm16ToFloat32(input: number, output: number, count: number): void;
  float32ToPcm16(input: number, output: number, count: number): void;
  muLawEncode(input: number, output: number, count: number): void;
  muLawDecode(input: number, output: number, count: number): void;
  aLawEncode(input: number, output: number, count: number): void;
  aLawDecode(input: number, output: number, count: number): void;
  mixPcm16(a: number, b: number, output: number, count: number, gainA: number, gainB: number): void;
  levelsSumSquares(input: number, count: number): number;
  readonly levelsPeak: WebAssembly.Global;
  readonly TABLE_L: WebAssembly.Global;
  readonly TABLE_M: WebAssembly.Global;
  readonly TABLE_K: WebAssembly.Global;
  readonly TABLE_SHIFT: WebAssembly.Global;
  readonly TABLE_TAPS: WebAssembly.Global;
}

const REQUIRED_FUNCTIONS = [
  "alloc",
  "free",
  "tapTable",
  "resamplerCreate",
  "resamplerFree",
  "resamplerReset",
  "resamplerInputPtr",
  "resamplerOutputPtr",
  "resamplerProcess",
  "pcm16ToFloat32",
  "float32ToPcm16",
  "muLawEncode",
  "muLawDecode",
  "aLawEncode",
  "aLawDecode",
  "mixPcm16",
  "levelsSumSquares",
] as const;

/**
 * Samples per chunk for the stateless kernels (conversion, G.711, mixing, levels); longer
 * inputs are processed in chunks. A multiple of 8, as the SIMD kernels work in 8-sample vectors.
 */
export const SCRATCH_SAMPLES = 4096;

type TypedArrayOf<T> = new (buffer: ArrayBuffer, byteOffset: number, length: number) => T;

/**
 * A typed view of `length` elements at one heap address, reused from call to call and rebuilt
 * only when the length changes or the memory grew (growth detaches the old buffer).
 */
export class HeapView<T extends Int16Array | Uint8Array | Float32Array> {
  #view: T;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly kind: TypedArrayOf<T>,
    private readonly ptr: number,
  ) {
    this.#view = new kind(memory.buffer, ptr, 0);
  }

  get(length: number): T {
    if (this.#view.length !== length || this.#view.buffer !== this.memory.buffer) {
      this.#view = new this.kind(this.memory.buffer, this.ptr, length);
    }
    return this.#view;
  }
}

/** A heap region of SCRATCH_SAMPLES float32-sized slots, with views of each sample type. */
export interface ScratchRegion {
  readonly ptr: number;
  readonly i16: HeapView<Int16Array>;
  readonly u8: HeapView<Uint8Array>;
  readonly f32: HeapView<Float32Array>;
}

/**
 * The loaded module plus two scratch regions for the stateless kernels. JS runs one kernel at a
 * time, so every wrapper may use both regions freely between its own calls.
 */
export interface AudioCore {
  readonly exports: AudioCoreExports;
  readonly scratchA: ScratchRegion;
  readonly scratchB: ScratchRegion;
}

/** `array` itself when the chunk is all of it (no view allocated), else a subarray. */
export function chunkOf<T extends Int16Array | Uint8Array | Float32Array>(
  array: T,
  offset: number,
  count: number,
): T {
  return count === array.length ? array : (array.subarray(offset, offset + count) as T);
}

const WASM_URL = new URL("../../wasm/build/audio.wasm", import.meta.url);

let loaded: AudioCore | undefined;

/** The audio core, loaded on first use. Throws with a hint when the module was never built. */
export function audioCore(): AudioCore {
  loaded ??= load();
  return loaded;
}

function load(): AudioCore {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(WASM_URL));
  } catch (cause) {
    throw new Error(`audio core missing at ${WASM_URL.pathname}: run \`bun wasm/build.ts\``, {
      cause,
    });
  }
  let memory: WebAssembly.Memory | undefined;
  const imports = {
    env: {
      abort(message: number, file: number, line: number, column: number): never {
        const text = memory ? `${readString(memory, message)} at ${readString(memory, file)}` : "";
        throw new Error(`audio core aborted: ${text}:${line}:${column}`);
      },
    },
  };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
  const exports = instance.exports as unknown as AudioCoreExports;
  for (const name of REQUIRED_FUNCTIONS) {
    if (typeof exports[name] !== "function") throw new Error(`audio core lacks export ${name}`);
  }
  memory = exports.memory;
  return { exports, scratchA: scratchRegion(exports), scratchB: scratchRegion(exports) };
}

function scratchRegion(exports: AudioCoreExports): ScratchRegion {
  const ptr = exports.alloc(SCRATCH_SAMPLES * 4);
  return {
    ptr,
    i16: new HeapView(exports.memory, Int16Array, ptr),
    u8: new HeapView(exports.memory, Uint8Array, ptr),
    f32: new HeapView(exports.memory, Float32Array, ptr),
  };
}

/** Reads an AssemblyScript string (UTF-16, byte length stored just before it). */
function readString(memory: WebAssembly.Memory, ptr: number): string {
  if (ptr === 0) return "";
  const byteLength = new DataView(memory.buffer).getUint32(ptr - 4, true);
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, byteLength / 2));
}
