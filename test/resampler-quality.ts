// Measures a streaming resampler's frequency response with pure tones, the same way for any
// implementation (the WASM core, the benchmark's plain-JS FIR, libsamplerate), so that quality
// figures are comparable. Regions follow the design rule of wasm/assembly/taps.ts: with fLo the
// lower Nyquist frequency, the passband is [0, 0.8 fLo] and the stopband starts at 1.2 fLo.

import type { SampleRate } from "../src/audio/frames";

/** Anything that converts a PCM16 stream frame by frame; output in PCM16 units. */
export interface StreamResampler {
  process(frame: Int16Array): ArrayLike<number>;
  dispose(): void;
}

export type ResamplerFactory = () => StreamResampler | Promise<StreamResampler>;

export interface ToneResponse {
  /** Output level of the tone itself relative to the input, dB (passband tones only). */
  gainDb: number;
  /** Input level over everything else in the output (images, aliases, noise), dB. */
  rejectionDb: number;
}

export interface ResamplerQuality {
  passbandEdgeHz: number;
  stopbandEdgeHz: number;
  /** Smallest and largest passband gain, dB (0 is unity). */
  minPassbandGainDb: number;
  maxPassbandGainDb: number;
  /** Largest minus smallest passband gain, dB. */
  passbandRippleDb: number;
  /** Worst rejection of images and aliases over all tones, dB. */
  stopbandAttenuationDb: number;
}

const AMPLITUDE = 16384; // -6 dBFS: headroom for passband ripple
const SIGNAL_MS = 300;
const SETTLE_MS = 100; // longer than any tested filter's delay
const PASSBAND_TONES = 20;
const STOPBAND_TONES = 12;

export function qualityRegions(fromRate: SampleRate, toRate: SampleRate) {
  const nyquistLo = Math.min(fromRate, toRate) / 2;
  return { passbandEdgeHz: 0.8 * nyquistLo, stopbandEdgeHz: 1.2 * nyquistLo };
}

/**
 * Feeds a tone at `hz` (input rate) in 10 ms frames through a fresh resampler. A passband tone
 * is fitted at the output and the rest counted as rejection error; a stopband tone (one that
 * must not reach the output at all) counts the whole output.
 */
export async function measureTone(
  fromRate: SampleRate,
  toRate: SampleRate,
  create: ResamplerFactory,
  hz: number,
  passes: boolean,
): Promise<ToneResponse> {
  const resampler = await create();
  const output: number[] = [];
  try {
    const frame = new Int16Array(fromRate / 100);
    let n = 0;
    for (let ms = 0; ms < SIGNAL_MS; ms += 10) {
      for (let i = 0; i < frame.length; i++, n++) {
        frame[i] = Math.round(AMPLITUDE * Math.sin((2 * Math.PI * hz * n) / fromRate));
      }
      const converted = resampler.process(frame);
      for (let i = 0; i < converted.length; i++) output.push(converted[i] ?? 0);
    }
  } finally {
    resampler.dispose();
  }
  const settled = output.slice(Math.round((SETTLE_MS * toRate) / 1000));
  const inputRms = AMPLITUDE / Math.SQRT2;
  if (!passes)
    return { gainDb: Number.NEGATIVE_INFINITY, rejectionDb: db(inputRms / rms(settled)) };
  const fit = fitTone(settled, hz / toRate);
  return { gainDb: db(fit.amplitude / AMPLITUDE), rejectionDb: db(inputRms / fit.residualRms) };
}

/** Passband ripple and stopband attenuation over a grid of tones. */
export async function measureResamplerQuality(
  fromRate: SampleRate,
  toRate: SampleRate,
  create: ResamplerFactory,
): Promise<ResamplerQuality> {
  const regions = qualityRegions(fromRate, toRate);
  const gains: number[] = [];
  const rejections: number[] = [];
  for (let t = 1; t <= PASSBAND_TONES; t++) {
    const hz = (regions.passbandEdgeHz * t) / PASSBAND_TONES;
    const tone = await measureTone(fromRate, toRate, create, hz, true);
    gains.push(tone.gainDb);
    rejections.push(tone.rejectionDb);
  }
  // Input above the stopband edge exists only when converting down.
  const highest = 0.98 * (fromRate / 2);
  if (regions.stopbandEdgeHz < highest) {
    for (let t = 0; t < STOPBAND_TONES; t++) {
      const hz =
        regions.stopbandEdgeHz + ((highest - regions.stopbandEdgeHz) * t) / (STOPBAND_TONES - 1);
      rejections.push((await measureTone(fromRate, toRate, create, hz, false)).rejectionDb);
    }
  }
  const minPassbandGainDb = Math.min(...gains);
  const maxPassbandGainDb = Math.max(...gains);
  return {
    ...regions,
    minPassbandGainDb,
    maxPassbandGainDb,
    passbandRippleDb: maxPassbandGainDb - minPassbandGainDb,
    stopbandAttenuationDb: Math.min(...rejections),
  };
}

function db(ratio: number): number {
  return 20 * Math.log10(ratio);
}

function rms(samples: readonly number[]): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

/** Least-squares fit of a sinusoid at `cycles` per sample: its amplitude and what is left. */
function fitTone(samples: readonly number[], cycles: number) {
  let ss = 0;
  let cc = 0;
  let sc = 0;
  let ys = 0;
  let yc = 0;
  for (let n = 0; n < samples.length; n++) {
    const s = Math.sin(2 * Math.PI * cycles * n);
    const c = Math.cos(2 * Math.PI * cycles * n);
    const y = samples[n] ?? 0;
    ss += s * s;
    cc += c * c;
    sc += s * c;
    ys += y * s;
    yc += y * c;
  }
  const det = ss * cc - sc * sc;
  const a = (ys * cc - yc * sc) / det;
  const b = (yc * ss - ys * sc) / det;
  let residual = 0;
  for (let n = 0; n < samples.length; n++) {
    const y = samples[n] ?? 0;
    const e = y - a * Math.sin(2 * Math.PI * cycles * n) - b * Math.cos(2 * Math.PI * cycles * n);
    residual += e * e;
  }
  return { amplitude: Math.hypot(a, b), residualRms: Math.sqrt(residual / samples.length) };
}
