// Frame levels: sum of squares and peak magnitude of PCM16 samples, for RMS and peak in dBFS.

/** Peak magnitude (0..32768) found by the last levelsSumSquares call. */
export let levelsPeak: i32 = 0;

/**
 * Sum of squares of `count` PCM16 samples; also sets levelsPeak. The tail of the last vector
 * is zeroed first, so the buffer must have room for `count` rounded up to 8.
 */
export function levelsSumSquares(input: usize, count: i32): f64 {
  const padded = (count + 7) & ~7;
  memory.fill(input + <usize>count * 2, 0, <usize>(padded - count) * 2);
  let sums = i64x2.splat(0);
  let highest = i16x8.splat(0);
  let lowest = i16x8.splat(0);
  for (let i = 0; i < padded; i += 8) {
    const samples = v128.load(input + <usize>i * 2);
    // Pairs of squares reach 2^31 at most, which fits when read as unsigned.
    const squares = i32x4.dot_i16x8_s(samples, samples);
    sums = i64x2.add(sums, i64x2.extend_low_i32x4_u(squares));
    sums = i64x2.add(sums, i64x2.extend_high_i32x4_u(squares));
    highest = i16x8.max_s(highest, samples);
    lowest = i16x8.min_s(lowest, samples);
  }
  // Widen before negating: -(-32768) does not fit in i16.
  let peaks = i32x4.max_s(i32x4.extend_low_i16x8_s(highest), i32x4.extend_high_i16x8_s(highest));
  peaks = i32x4.max_s(peaks, i32x4.neg(i32x4.extend_low_i16x8_s(lowest)));
  peaks = i32x4.max_s(peaks, i32x4.neg(i32x4.extend_high_i16x8_s(lowest)));
  peaks = i32x4.max_s(peaks, v128.shuffle<i32>(peaks, peaks, 2, 3, 0, 1));
  peaks = i32x4.max_s(peaks, v128.shuffle<i32>(peaks, peaks, 1, 0, 3, 2));
  levelsPeak = i32x4.extract_lane(peaks, 0);
  return <f64>(i64x2.extract_lane(sums, 0) + i64x2.extract_lane(sums, 1));
}
