// RMS and peak level of a PCM16 frame in dBFS, through the WASM core. 0 dBFS is a full-scale
// square wave; a full-scale sine measures -3.01 dBFS RMS and 0 dBFS peak.

import { audioCore, chunkOf, SCRATCH_SAMPLES } from "./wasm-core";

/** Level reported for digital silence (and anything quieter). */
export const SILENCE_DBFS = -120;

export interface FrameLevels {
  rmsDbfs: number;
  peakDbfs: number;
}

/**
 * Measures one frame. Fills `into` when given (no allocation on the hot path) and returns it;
 * otherwise returns a new object.
 */
export function measureLevels(
  samples: Int16Array,
  into: FrameLevels = { rmsDbfs: SILENCE_DBFS, peakDbfs: SILENCE_DBFS },
): FrameLevels {
  const { exports, scratchA } = audioCore();
  let sumSquares = 0;
  let peak = 0;
  for (let offset = 0; offset < samples.length; offset += SCRATCH_SAMPLES) {
    const count = Math.min(SCRATCH_SAMPLES, samples.length - offset);
    scratchA.i16.get(count).set(chunkOf(samples, offset, count));
    sumSquares += exports.levelsSumSquares(scratchA.ptr, count);
    peak = Math.max(peak, exports.levelsPeak.value as number);
  }
  const rms = samples.length > 0 ? Math.sqrt(sumSquares / samples.length) : 0;
  into.rmsDbfs = toDbfs(rms);
  into.peakDbfs = toDbfs(peak);
  return into;
}

function toDbfs(magnitude: number): number {
  return magnitude > 0 ? Math.max(SILENCE_DBFS, 20 * Math.log10(magnitude / 32768)) : SILENCE_DBFS;
}
