// The audio core's exports. Buffers live in the module's own heap: JS asks for blocks with
// alloc/free, writes samples in, calls a kernel and reads the result back.

export { aLawDecode, aLawEncode, muLawDecode, muLawEncode } from "./g711";
export { levelsPeak, levelsSumSquares } from "./levels";
export { mixPcm16 } from "./mix";
export { float32ToPcm16, pcm16ToFloat32 } from "./pcm";
export {
  resamplerCreate,
  resamplerFree,
  resamplerInputPtr,
  resamplerOutputPtr,
  resamplerProcess,
  resamplerReset,
} from "./resampler";
export { TABLE_K, TABLE_L, TABLE_M, TABLE_SHIFT, TABLE_TAPS, tableFor as tapTable } from "./taps";

/** A 16-byte aligned block of at least `bytes` bytes. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}
