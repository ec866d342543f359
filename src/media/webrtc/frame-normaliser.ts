import { isSampleRate, type SampleRate } from "../../audio/frames";
import { Resampler } from "../../audio/resampler";
import { MEDIA_FRAME_SAMPLES, MEDIA_SAMPLE_RATE } from "../media-leg";
import type { AudioData } from "./wrtc";

/**
 * Turns whatever the WebRTC sink delivers into 10 ms frames of 48 kHz mono. The sink gives
 * 48 kHz once Opus decodes, stereo when the peer sends stereo, and 16 kHz mono for the first few
 * frames before the decoder starts; 8, 16 and 24 kHz go through the audio core's resampler.
 * Buffers are reused: once the stream has settled nothing is allocated per frame, and the frame
 * handed to `onFrame` is only valid during the call.
 */
export class FrameNormaliser {
  private readonly frame = new Int16Array(MEDIA_FRAME_SAMPLES);
  private filled = 0;
  private mono = new Int16Array(MEDIA_FRAME_SAMPLES);
  private readonly resamplers = new Map<SampleRate, Resampler>();
  /** Chunks that could not be used (not PCM16, or a rate the audio core does not convert). */
  dropped = 0;

  constructor(private readonly onFrame: (frame: Int16Array) => void) {}

  push(data: AudioData): void {
    const { sampleRate, channelCount, numberOfFrames, samples } = data;
    const usable =
      data.bitsPerSample === 16 &&
      isSampleRate(sampleRate) &&
      channelCount >= 1 &&
      samples.length >= numberOfFrames * channelCount;
    if (!usable) {
      this.dropped++;
      return;
    }
    let pcm = channelCount === 1 ? samples : this.downmix(data);
    if (pcm.length !== numberOfFrames) pcm = pcm.subarray(0, numberOfFrames);
    if (sampleRate !== MEDIA_SAMPLE_RATE) pcm = this.resamplerFor(sampleRate).process(pcm);
    this.append(pcm);
  }

  /** Frees the resamplers' WASM memory. */
  dispose(): void {
    for (const resampler of this.resamplers.values()) resampler.dispose();
    this.resamplers.clear();
  }

  private append(pcm: Int16Array): void {
    if (this.filled === 0 && pcm.length === MEDIA_FRAME_SAMPLES) {
      this.onFrame(pcm);
      return;
    }
    for (let i = 0; i < pcm.length; i++) {
      this.frame[this.filled++] = pcm[i] ?? 0;
      if (this.filled === MEDIA_FRAME_SAMPLES) {
        this.filled = 0;
        this.onFrame(this.frame);
      }
    }
  }

  /** Averages the interleaved channels into the reused mono buffer. */
  private downmix({ samples, channelCount, numberOfFrames }: AudioData): Int16Array {
    if (this.mono.length !== numberOfFrames) this.mono = new Int16Array(numberOfFrames);
    for (let i = 0; i < numberOfFrames; i++) {
      let sum = 0;
      for (let c = 0; c < channelCount; c++) sum += samples[i * channelCount + c] ?? 0;
      this.mono[i] = Math.round(sum / channelCount);
    }
    return this.mono;
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
