// Streaming polyphase resampler over PCM16. One heap block per stream holds its state, its input
// window (history + new samples) and its output; the tap table is shared per rate pair.
//
// Output n sits at input position n * M / L = i + p / L. It is the dot product of phase p's taps
// with the K input samples ending at i. Only those outputs are computed (no zero stuffing).

import {
  TABLE_K,
  TABLE_L,
  TABLE_M,
  TABLE_NEXT,
  TABLE_SHIFT,
  TABLE_STEP,
  TABLE_TAPS,
  tableFor,
} from "./taps";

// Stream block layout: i32 fields, then the input window and the output, 16-byte aligned.
const TABLE: usize = 0;
/** Index in the window of the oldest sample used by the next output. */
const START: usize = 4;
const PHASE: usize = 8;
const MAX_INPUT: usize = 12;
/** Address of the window: K-1 samples of history, then room for maxInput new samples. */
const WINDOW: usize = 16;
/** Address of the output samples of the last call. */
const OUTPUT: usize = 20;
const HEADER_BYTES: usize = 32;

function align16(n: usize): usize {
  return (n + 15) & ~(<usize>15);
}

/** Most outputs that maxInput new samples can produce for a table. */
function maxOutputs(table: usize, maxInput: i32): i32 {
  const l = load<i32>(table + TABLE_L);
  const m = load<i32>(table + TABLE_M);
  return (maxInput * l) / m + 1;
}

/**
 * A new stream converting fromRate to toRate that accepts up to maxInput samples per call,
 * or 0 when a rate is unsupported or the two are equal.
 */
export function resamplerCreate(fromRate: i32, toRate: i32, maxInput: i32): usize {
  const table = tableFor(fromRate, toRate);
  if (table === 0 || maxInput <= 0) return 0;
  const k = load<i32>(table + TABLE_K);
  const windowBytes = align16(<usize>(k - 1 + maxInput) * 2);
  const outputBytes = align16(<usize>maxOutputs(table, maxInput) * 2);
  const stream = heap.alloc(HEADER_BYTES + windowBytes + outputBytes);
  // Windows start at any sample, so vector loads are unaligned; wasm SIMD allows that.
  const window = stream + HEADER_BYTES;
  store<u32>(stream + TABLE, <u32>table);
  store<i32>(stream + MAX_INPUT, maxInput);
  store<u32>(stream + WINDOW, <u32>window);
  store<u32>(stream + OUTPUT, <u32>(window + windowBytes));
  resamplerReset(stream);
  return stream;
}

/** Forgets all history, as if the stream were new. */
export function resamplerReset(stream: usize): void {
  const table = <usize>load<u32>(stream + TABLE);
  const k = load<i32>(table + TABLE_K);
  memory.fill(<usize>load<u32>(stream + WINDOW), 0, <usize>(k - 1) * 2);
  store<i32>(stream + START, 0);
  store<i32>(stream + PHASE, 0);
}

export function resamplerFree(stream: usize): void {
  heap.free(stream);
}

/** Where the caller writes up to maxInput new samples before calling resamplerProcess. */
export function resamplerInputPtr(stream: usize): usize {
  const k = load<i32>(<usize>load<u32>(stream + TABLE) + TABLE_K);
  return <usize>load<u32>(stream + WINDOW) + <usize>(k - 1) * 2;
}

export function resamplerOutputPtr(stream: usize): usize {
  return <usize>load<u32>(stream + OUTPUT);
}

/** Resamples `count` new samples (count <= maxInput); returns how many outputs were written. */
export function resamplerProcess(stream: usize, count: i32): i32 {
  assert(count >= 0 && count <= load<i32>(stream + MAX_INPUT), "resampler input too long");
  const table = <usize>load<u32>(stream + TABLE);
  const k = load<i32>(table + TABLE_K);
  const steps = <usize>load<u32>(table + TABLE_STEP);
  const nextPhase = <usize>load<u32>(table + TABLE_NEXT);
  const taps = <usize>load<u32>(table + TABLE_TAPS);
  const shift = load<i32>(table + TABLE_SHIFT);
  const rounding = i32x4.splat(1 << (shift - 1));
  const window = <usize>load<u32>(stream + WINDOW);
  const output = <usize>load<u32>(stream + OUTPUT);
  const kBytes = <usize>k * 2;
  let start = load<i32>(stream + START);
  let phase = load<i32>(stream + PHASE);
  let produced = 0;
  // The window holds K-1 history samples then `count` new ones: an output whose oldest sample is
  // at `start` needs start + K - 1 <= count + K - 2, i.e. start < count.
  // Four outputs per round share the loop and the horizontal sums.
  while (true) {
    const p1 = load<i32>(nextPhase + <usize>phase * 4);
    const p2 = load<i32>(nextPhase + <usize>p1 * 4);
    const p3 = load<i32>(nextPhase + <usize>p2 * 4);
    const s1 = start + load<i32>(steps + <usize>phase * 4);
    const s2 = s1 + load<i32>(steps + <usize>p1 * 4);
    const s3 = s2 + load<i32>(steps + <usize>p2 * 4);
    if (s3 >= count) break;
    const x0 = window + <usize>start * 2;
    const x1 = window + <usize>s1 * 2;
    const x2 = window + <usize>s2 * 2;
    const x3 = window + <usize>s3 * 2;
    const h0 = taps + <usize>phase * kBytes;
    const h1 = taps + <usize>p1 * kBytes;
    const h2 = taps + <usize>p2 * kBytes;
    const h3 = taps + <usize>p3 * kBytes;
    let a0 = i32x4.splat(0);
    let a1 = i32x4.splat(0);
    let a2 = i32x4.splat(0);
    let a3 = i32x4.splat(0);
    for (let b: usize = 0; b < kBytes; b += 16) {
      a0 = i32x4.add(a0, i32x4.dot_i16x8_s(v128.load(x0 + b), v128.load(h0 + b)));
      a1 = i32x4.add(a1, i32x4.dot_i16x8_s(v128.load(x1 + b), v128.load(h1 + b)));
      a2 = i32x4.add(a2, i32x4.dot_i16x8_s(v128.load(x2 + b), v128.load(h2 + b)));
      a3 = i32x4.add(a3, i32x4.dot_i16x8_s(v128.load(x3 + b), v128.load(h3 + b)));
    }
    // Transpose-and-add: lane j of `sums` is the total of accumulator j.
    const t01 = i32x4.add(
      v128.shuffle<i32>(a0, a1, 0, 1, 4, 5),
      v128.shuffle<i32>(a0, a1, 2, 3, 6, 7),
    );
    const t23 = i32x4.add(
      v128.shuffle<i32>(a2, a3, 0, 1, 4, 5),
      v128.shuffle<i32>(a2, a3, 2, 3, 6, 7),
    );
    const sums = i32x4.add(
      v128.shuffle<i32>(t01, t23, 0, 2, 4, 6),
      v128.shuffle<i32>(t01, t23, 1, 3, 5, 7),
    );
    const scaled = i32x4.shr_s(i32x4.add(sums, rounding), shift);
    // Saturating narrow to PCM16; the low 64 bits hold the four outputs.
    const packed = i16x8.narrow_i32x4_s(scaled, scaled);
    store<i64>(output + <usize>produced * 2, i64x2.extract_lane(packed, 0));
    produced += 4;
    start = s3 + load<i32>(steps + <usize>p3 * 4);
    phase = load<i32>(nextPhase + <usize>p3 * 4);
  }
  while (start < count) {
    const x = window + <usize>start * 2;
    const h = taps + <usize>phase * kBytes;
    let acc = i32x4.splat(0);
    for (let b: usize = 0; b < kBytes; b += 16) {
      acc = i32x4.add(acc, i32x4.dot_i16x8_s(v128.load(x + b), v128.load(h + b)));
    }
    acc = i32x4.add(acc, v128.shuffle<i32>(acc, acc, 2, 3, 0, 1));
    const sum = i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1);
    const rounded = (sum + i32x4.extract_lane(rounding, 0)) >> shift;
    store<i16>(output + <usize>produced * 2, <i16>max(-32768, min(32767, rounded)));
    produced++;
    start += load<i32>(steps + <usize>phase * 4);
    phase = load<i32>(nextPhase + <usize>phase * 4);
  }
  // Keep the last K-1 samples as the next call's history.
  memory.copy(window, window + <usize>count * 2, <usize>(k - 1) * 2);
  store<i32>(stream + START, start - count);
  store<i32>(stream + PHASE, phase);
  return produced;
}
