// Mixing two PCM16 streams (say a hold cue under the agent's voice) with a linear gain each,
// rounded to nearest (ties to even) and saturated at full scale rather than wrapped, through
// the WASM core.

import { audioCore, SCRATCH_SAMPLES } from "./wasm-core";

/** Linear gain for a level change in dB (-6 dB is about 0.5). */
export function gainFromDb(db: number): number {
  return 10 ** (db / 20);
}

/**
 * output[i] = a[i] * gainA + b[i] * gainB, saturated to PCM16. The shorter input counts as
 * silence past its end. Writes into `output` (a new array of the longer length by default; pass
 * one to reuse it) and returns it; an output may be one of the inputs.
 */
export function mixPcm16(
  a: Int16Array,
  b: Int16Array,
  gainA = 1,
  gainB = 1,
  output: Int16Array<ArrayBuffer> = new Int16Array(Math.max(a.length, b.length)),
): Int16Array<ArrayBuffer> {
  const length = Math.max(a.length, b.length);
  if (output.length < length) {
    throw new RangeError(`output holds ${output.length} samples, the mix has ${length}`);
  }
  const { exports, scratchA, scratchB } = audioCore();
  for (let offset = 0; offset < length; offset += SCRATCH_SAMPLES) {
    const count = Math.min(SCRATCH_SAMPLES, length - offset);
    copyPadded(a, offset, count, scratchA.i16.get(count));
    copyPadded(b, offset, count, scratchB.i16.get(count));
    exports.mixPcm16(scratchA.ptr, scratchB.ptr, scratchA.ptr, count, gainA, gainB);
    output.set(scratchA.i16.get(count), offset);
  }
  return output;
}

/** Copies source[offset, offset + count) into target, zero-filling past the source's end. */
function copyPadded(source: Int16Array, offset: number, count: number, target: Int16Array): void {
  const available = Math.max(0, Math.min(count, source.length - offset));
  if (available === source.length) target.set(source);
  else if (available > 0) target.set(source.subarray(offset, offset + available));
  target.fill(0, available);
}
