// PCM16 <-> float32 conversion (float full scale [-1, 1), 1.0 = 32768) through the WASM core,
// and PCM16 <-> little-endian bytes as carried on the wire and in WAV files.

import { audioCore, chunkOf, SCRATCH_SAMPLES } from "./wasm-core";

/**
 * Converts PCM16 to float32 into `output` (a new array by default; pass one to reuse it) and
 * returns it. Only the first input.length entries of a longer output are written.
 */
export function pcm16ToFloat32(
  input: Int16Array,
  output: Float32Array<ArrayBuffer> = new Float32Array(input.length),
): Float32Array<ArrayBuffer> {
  checkRoom(input.length, output.length);
  const { exports, scratchA, scratchB } = audioCore();
  for (let offset = 0; offset < input.length; offset += SCRATCH_SAMPLES) {
    const count = Math.min(SCRATCH_SAMPLES, input.length - offset);
    scratchA.i16.get(count).set(chunkOf(input, offset, count));
    exports.pcm16ToFloat32(scratchA.ptr, scratchB.ptr, count);
    output.set(scratchB.f32.get(count), offset);
  }
  return output;
}

/**
 * Converts float32 to PCM16, rounding to nearest (ties to even) and saturating outside [-1, 1)
 * (NaN becomes 0), into `output` (a new array by default) and returns it.
 */
export function float32ToPcm16(
  input: Float32Array,
  output: Int16Array<ArrayBuffer> = new Int16Array(input.length),
): Int16Array<ArrayBuffer> {
  checkRoom(input.length, output.length);
  const { exports, scratchA, scratchB } = audioCore();
  for (let offset = 0; offset < input.length; offset += SCRATCH_SAMPLES) {
    const count = Math.min(SCRATCH_SAMPLES, input.length - offset);
    scratchA.f32.get(count).set(chunkOf(input, offset, count));
    exports.float32ToPcm16(scratchA.ptr, scratchB.ptr, count);
    output.set(scratchB.i16.get(count), offset);
  }
  return output;
}

/** PCM16 samples from little-endian bytes (a copy; an odd trailing byte is ignored). */
export function pcm16FromBytes(bytes: Uint8Array): Int16Array<ArrayBuffer> {
  const samples = new Int16Array(bytes.length >> 1);
  // Typed arrays use the host's byte order; every host we run on (and wasm) is little-endian.
  new Uint8Array(samples.buffer).set(bytes.subarray(0, samples.byteLength));
  return samples;
}

/** Little-endian bytes of PCM16 samples (a copy). */
export function pcm16ToBytes(samples: Int16Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength).slice();
}

function checkRoom(inputLength: number, outputLength: number): void {
  if (outputLength < inputLength) {
    throw new RangeError(`output holds ${outputLength} samples, input has ${inputLength}`);
  }
}
