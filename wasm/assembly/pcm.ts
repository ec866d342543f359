// PCM16 <-> float32 conversion. Float full scale is [-1, 1) with 1.0 = 32768, the usual
// Web Audio convention. Loops run over whole vectors: callers pass buffers padded to 8 samples.

const TO_FLOAT: f32 = 1.0 / 32768.0;

/** Converts `count` PCM16 samples at `input` into float32 samples at `output`. */
export function pcm16ToFloat32(input: usize, output: usize, count: i32): void {
  const scale = f32x4.splat(TO_FLOAT);
  for (let i = 0; i < count; i += 8) {
    const samples = v128.load(input + <usize>i * 2);
    const low = f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(samples));
    const high = f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(samples));
    v128.store(output + <usize>i * 4, f32x4.mul(low, scale));
    v128.store(output + <usize>i * 4 + 16, f32x4.mul(high, scale));
  }
}

/**
 * Converts `count` float32 samples into PCM16, rounding to nearest and saturating at full
 * scale; NaN becomes 0.
 */
export function float32ToPcm16(input: usize, output: usize, count: i32): void {
  const scale = f32x4.splat(32768.0);
  for (let i = 0; i < count; i += 8) {
    const low = f32x4.nearest(f32x4.mul(v128.load(input + <usize>i * 4), scale));
    const high = f32x4.nearest(f32x4.mul(v128.load(input + <usize>i * 4 + 16), scale));
    const packed = i16x8.narrow_i32x4_s(
      i32x4.trunc_sat_f32x4_s(low),
      i32x4.trunc_sat_f32x4_s(high),
    );
    v128.store(output + <usize>i * 2, packed);
  }
}
