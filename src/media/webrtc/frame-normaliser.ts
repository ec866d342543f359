import { isSampleRate, type SampleRate } from "../../audio/frames";
import { Resampler } from "../../audio/resampler";
import { MEDIA_FRAME_SAMPLES, MEDIA_SAMPLE_RATE } from "../media-leg";
import type { AudioData } from "./wrtc";

/**
 * Turns whatever the WebRTC sink delivers (mono or stereo; 48 kHz, or 16 kHz while the decoder
 * starts) into 10 ms frames of 48 kHz mono, reusing its buffers: nothing is allocated per frame
 * once the stream has settled.
 */
export class FrameNormaliser {
  private readonly frame = new Int16Array(MEDIA_FRAME_SAMPLES);
  private filled = 0;
  private mono = new Int16Array(MEDIA_FRAME_SAMPLES);
  private readonly resamplers = new Map<SampleRate, Resampler>();

  constructor(private readonly onFrame: (frame: Int16Array) => void) {}

  push(data: AudioData): void {
    if (data.bitsPerSample !== 16 || !isSampleRate(data.sampleRate)) return;
    let pcm = this.toMono(data);
    if (data.sampleRate !== MEDIA_SAMPLE_RATE)
      pcm = this.resamplerFor(data.sampleRate).process(pcm);
    if (this.filled === 0 && pcm.length === MEDIA_FRAME_SAMPLES) {
      this.onFrame(pcm);
      return;
    }
    let offset = 0;
    while (offset < pcm.length) {
      const take = Math.min(MEDIA_FRAME_SAMPLES - this.filled, pcm.length - offset);
      this.frame.set(pcm.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === MEDIA_FRAME_SAMPLES) {
        this.filled = 0;
        this.onFrame(this.frame);
      }
    }
  }

  dispose(): void {
    for (const resampler of this.resamplers.values()) resampler.dispose();
    this.resamplers.clear();
  }

  private toMono(data: AudioData): Int16Array {
    const frames = data.numberOfFrames;
    if (data.channelCount === 1) return data.samples.subarray(0, frames);
    if (this.mono.length < frames) this.mono = new Int16Array(frames);
    const channels = data.channelCount;
    for (let i = 0; i < frames; i++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += data.samples[i * channels + c] ?? 0;
      this.mono[i] = Math.round(sum / channels);
    }
    return this.mono.subarray(0, frames);
  }

  private resamplerFor(rate: SampleRate): Resampler {
    let resampler = this.resamplers.get(rate);
    if (!resampler) {
      resampler = new Resampler(rate, MEDIA_SAMPLE_RATE);
      this.resamplers.set(rate, resampler);
    }
    return resampler;
  }
}
