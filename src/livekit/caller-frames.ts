import { MEDIA_FRAME_SAMPLES, MEDIA_SAMPLE_RATE } from "../media/media-leg";
import type { PcmFrame } from "./pcm-frame";

/**
 * Turns the frames a room's audio stream yields (whatever their length, mono or stereo) into the
 * engine's 10 ms frames of 48 kHz mono. The stream is asked for 48 kHz, so a frame at another
 * rate is a surprise: it is dropped and counted rather than played at the wrong speed.
 */
export class CallerFrames {
  private readonly frame = new Int16Array(MEDIA_FRAME_SAMPLES);
  private fill = 0;
  /** Frames refused for their sample rate or a length that does not fit their fields. */
  dropped = 0;

  /** `emit` gets the same array each time: it must copy what it keeps. */
  constructor(private readonly emit: (frame10ms: Int16Array) => void) {}

  push(frame: PcmFrame): void {
    const { data, channels, samplesPerChannel } = frame;
    if (
      frame.sampleRate !== MEDIA_SAMPLE_RATE ||
      channels < 1 ||
      data.length < samplesPerChannel * channels
    ) {
      this.dropped++;
      return;
    }
    for (let i = 0; i < samplesPerChannel; i++) {
      this.frame[this.fill++] = channels === 1 ? (data[i] ?? 0) : mixDown(data, i, channels);
      if (this.fill === MEDIA_FRAME_SAMPLES) {
        this.fill = 0;
        this.emit(this.frame);
      }
    }
  }
}

/** The average of one sample's channels. */
function mixDown(data: Int16Array, index: number, channels: number): number {
  let sum = 0;
  for (let c = 0; c < channels; c++) sum += data[index * channels + c] ?? 0;
  return Math.round(sum / channels);
}
