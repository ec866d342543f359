// Frame and duration arithmetic for PCM16 mono audio, in one place so that no network handler
// has to guess how long a buffer lasts.

/** Sample rates the audio core converts between. */
export type SampleRate = 8000 | 16000 | 24000 | 48000;

export const SAMPLE_RATES: readonly SampleRate[] = [8000, 16000, 24000, 48000];

/** The pacing unit of the whole call path. */
export const FRAME_MS = 10;

/** Bytes per PCM16 sample. */
export const PCM16_BYTES = 2;

export function isSampleRate(value: number): value is SampleRate {
  return value === 8000 || value === 16000 || value === 24000 || value === 48000;
}

/** Samples in one 10 ms frame (80, 160, 240 or 480); always a whole number. */
export function samplesPer10ms(rate: SampleRate): number {
  return rate / 100;
}

/** Samples in `frameMs` of audio, for frame sizes that are whole multiples of 10 ms. */
export function samplesPerFrame(rate: SampleRate, frameMs: number): number {
  return (rate / 1000) * frameMs;
}

/** Nearest whole number of samples lasting `ms` milliseconds. */
export function msToSamples(ms: number, rate: SampleRate): number {
  return Math.round((ms * rate) / 1000);
}

/** Exact duration of `samples` samples, in (possibly fractional) milliseconds. */
export function samplesToMs(samples: number, rate: SampleRate): number {
  return (samples * 1000) / rate;
}

/** Exact duration of `bytes` bytes of PCM16 mono, in milliseconds. */
export function pcm16BytesToMs(bytes: number, rate: SampleRate): number {
  return samplesToMs(bytes / PCM16_BYTES, rate);
}
