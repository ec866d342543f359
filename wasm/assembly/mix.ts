// Mixing two PCM16 streams with a linear gain each, rounding to nearest and saturating.

/** output[i] = saturate(a[i] * gainA + b[i] * gainB) for `count` samples (padded to 8). */
export function mixPcm16(
  a: usize,
  b: usize,
  output: usize,
  count: i32,
  gainA: f32,
  gainB: f32,
): void {
  const ga = f32x4.splat(gainA);
  const gb = f32x4.splat(gainB);
  for (let i = 0; i < count; i += 8) {
    const offset = <usize>i * 2;
    const va = v128.load(a + offset);
    const vb = v128.load(b + offset);
    const low = f32x4.add(
      f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(va)), ga),
      f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(vb)), gb),
    );
    const high = f32x4.add(
      f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(va)), ga),
      f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(vb)), gb),
    );
    const packed = i16x8.narrow_i32x4_s(
      i32x4.trunc_sat_f32x4_s(f32x4.nearest(low)),
      i32x4.trunc_sat_f32x4_s(f32x4.nearest(high)),
    );
    v128.store(output + offset, packed);
  }
}
