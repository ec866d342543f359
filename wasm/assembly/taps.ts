// Polyphase tap tables: one Kaiser-windowed sinc prototype per rate pair, split into L phases
// of K taps each, in fixed point (Q15, or Q14 where full-scale input could overflow the i32
// accumulator). Built on first use and shared by every resampler of that pair.
//
// Design rule (same for every pair): with fLo the lower of the two Nyquist frequencies, the
// passband ends at 0.8 * fLo and the stopband starts at 1.2 * fLo. Aliases of input between fLo
// and 1.2 * fLo fold into the top of the output band (above the passband), never into it.

/** Stopband attenuation the Kaiser window is designed for, with margin over the 60 dB target. */
const TARGET_STOPBAND_DB: f64 = 63.0;
/** Half the transition band, as a fraction of the lower Nyquist frequency. */
const HALF_TRANSITION: f64 = 0.2;
/** Taps per phase are a multiple of 8 so that each dot product is whole i16x8 vectors. */
const TAP_BLOCK: i32 = 8;

// Table header: byte offsets of its 32-bit fields. The step, next-phase and tap arrays follow it.
/** Interpolation factor L: output n sits at input position n * M / L. */
export const TABLE_L: usize = 0;
/** Decimation factor M. */
export const TABLE_M: usize = 4;
/** Taps per phase K, a multiple of 8. */
export const TABLE_K: usize = 8;
/** Address of L i32: input samples to advance after an output of phase p. */
export const TABLE_STEP: usize = 12;
/** Address of L i32: the phase that follows phase p. */
export const TABLE_NEXT: usize = 16;
/** Address of L x K i16 taps, 16-byte aligned; each phase reversed (oldest sample first). */
export const TABLE_TAPS: usize = 20;
/** Fraction bits of the taps: every phase sums to exactly 1 << shift. */
export const TABLE_SHIFT: usize = 24;
const TABLE_HEADER_BYTES: usize = 32;

const RATES_COUNT: i32 = 4;
const tableCache = memory.data(RATES_COUNT * RATES_COUNT * 4);

/** Index of a supported sample rate (8, 16, 24, 48 kHz), or -1. */
function rateIndex(rate: i32): i32 {
  if (rate === 8000) return 0;
  if (rate === 16000) return 1;
  if (rate === 24000) return 2;
  if (rate === 48000) return 3;
  return -1;
}

function gcd(a: i32, b: i32): i32 {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Zeroth-order modified Bessel function of the first kind (power series). */
function besselI0(x: f64): f64 {
  const half = x / 2;
  let term: f64 = 1;
  let sum: f64 = 1;
  for (let k = 1; k < 200; k++) {
    const ratio = half / <f64>k;
    term *= ratio * ratio;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

function sinc(x: f64): f64 {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** The shared table for a rate pair; 0 for an unsupported rate. Rates must differ. */
export function tableFor(fromRate: i32, toRate: i32): usize {
  const fromIndex = rateIndex(fromRate);
  const toIndex = rateIndex(toRate);
  if (fromIndex < 0 || toIndex < 0 || fromRate === toRate) return 0;
  const slot = tableCache + <usize>(fromIndex * RATES_COUNT + toIndex) * 4;
  let table = load<u32>(slot);
  if (table === 0) {
    table = <u32>buildTable(fromRate, toRate);
    store<u32>(slot, table);
  }
  return table;
}

function buildTable(fromRate: i32, toRate: i32): usize {
  const divisor = gcd(fromRate, toRate);
  const l = toRate / divisor;
  const m = fromRate / divisor;
  // The prototype runs at l * fromRate; everything below is in cycles per prototype sample.
  const protoRate = <f64>l * <f64>fromRate;
  const nyquistLo = <f64>min(fromRate, toRate) / 2;
  const transition = (2 * HALF_TRANSITION * nyquistLo) / protoRate;
  const cutoff = nyquistLo / protoRate;
  // Kaiser's length estimate, rounded up to whole vectors per phase; the spare length buys
  // extra attenuation rather than a narrower transition.
  const needed = (TARGET_STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * transition) + 1;
  const k = <i32>Math.ceil(needed / <f64>l / <f64>TAP_BLOCK) * TAP_BLOCK;
  const length = k * l;
  const attenuation = 7.95 + 2.285 * 2 * Math.PI * transition * <f64>(length - 1);
  const beta = 0.1102 * (attenuation - 8.7);
  const centre = <f64>(length - 1) / 2;
  const windowNorm = besselI0(beta);

  const table = heap.alloc(TABLE_HEADER_BYTES + <usize>(2 * l) * 4 + <usize>length * 2 + 16);
  const step = table + TABLE_HEADER_BYTES;
  const next = step + <usize>l * 4;
  const taps = (next + <usize>l * 4 + 15) & ~(<usize>15);
  store<i32>(table + TABLE_L, l);
  store<i32>(table + TABLE_M, m);
  store<i32>(table + TABLE_K, k);
  store<u32>(table + TABLE_STEP, <u32>step);
  store<u32>(table + TABLE_NEXT, <u32>next);
  store<u32>(table + TABLE_TAPS, <u32>taps);

  // Every phase is normalised to unity DC gain, so each output is a weighted average of inputs.
  const phases = heap.alloc(<usize>length * 8);
  let worstMagnitude: f64 = 0;
  for (let p = 0; p < l; p++) {
    store<i32>(step + <usize>p * 4, (p + m) / l);
    store<i32>(next + <usize>p * 4, (p + m) % l);
    const phase = phases + <usize>(p * k) * 8;
    let sum: f64 = 0;
    for (let r = 0; r < k; r++) {
      // Reversed so that tap r multiplies the r-th oldest sample of the window.
      const offset = <f64>(p + (k - 1 - r) * l) - centre;
      const w = besselI0(beta * Math.sqrt(1 - (offset / centre) * (offset / centre))) / windowNorm;
      const h = 2 * cutoff * sinc(2 * cutoff * offset) * w;
      store<f64>(phase + <usize>r * 8, h);
      sum += h;
    }
    let magnitude: f64 = 0;
    for (let r = 0; r < k; r++) {
      const at = phase + <usize>r * 8;
      store<f64>(at, load<f64>(at) / sum);
      magnitude += Math.abs(load<f64>(at));
    }
    worstMagnitude = Math.max(worstMagnitude, magnitude);
  }
  // A full-scale input matching a phase's sign pattern sums to 32768 * magnitude * 2^shift;
  // keep that inside i32 (the lane sums may wrap, the total must not).
  let shift = 15;
  while (worstMagnitude * <f64>(1 << shift) > 65000) shift--;
  store<i32>(table + TABLE_SHIFT, shift);
  for (let p = 0; p < l; p++) {
    quantisePhase(phases + <usize>(p * k) * 8, k, shift, taps + <usize>(p * k) * 2);
  }
  heap.free(phases);
  return table;
}

/** Rounds one phase to fixed point, putting the rounding remainder on its largest tap. */
function quantisePhase(phase: usize, k: i32, shift: i32, out: usize): void {
  const unity = 1 << shift;
  let total: i32 = 0;
  let largest = 0;
  let largestQ: i32 = 0;
  for (let r = 0; r < k; r++) {
    const q = <i32>Math.round(load<f64>(phase + <usize>r * 8) * <f64>unity);
    store<i16>(out + <usize>r * 2, <i16>q);
    total += q;
    if (abs(q) > abs(largestQ)) {
      largest = r;
      largestQ = q;
    }
  }
  store<i16>(out + <usize>largest * 2, <i16>(largestQ + unity - total));
}
