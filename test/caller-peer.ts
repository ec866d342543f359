import { MEDIA_FRAME_SAMPLES } from "../src/media/media-leg";
import { gathered } from "../src/media/webrtc/answer-offer";
import { FrameNormaliser } from "../src/media/webrtc/frame-normaliser";
import { Wrtc, type WrtcAudioSink } from "../src/media/webrtc/wrtc";

/**
 * A caller made of a real WebRTC peer (@roamhq/wrtc): it offers Opus, plays PCM into its
 * microphone track paced at 10 ms (silence between), and records what it hears.
 */
export class CallerPeer {
  readonly pc = new Wrtc.RTCPeerConnection({ iceServers: [] });
  private readonly source = new Wrtc.nonstandard.RTCAudioSource();
  private readonly track = this.source.createTrack();
  private sink: WrtcAudioSink | null = null;
  private readonly heard: Int16Array[] = [];
  private readonly normaliser = new FrameNormaliser((frame) => this.heard.push(frame.slice()));
  private pending = new Int16Array(0);
  private readonly frame = new Int16Array(MEDIA_FRAME_SAMPLES);
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor() {
    this.pc.addTrack(this.track, new Wrtc.MediaStream([this.track]));
    this.pc.ontrack = (event) => {
      this.sink = new Wrtc.nonstandard.RTCAudioSink(event.track);
      this.sink.ondata = (data) => this.normaliser.push(data);
    };
  }

  /** The offer, with every ICE candidate in it. */
  async offer(): Promise<string> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await gathered(this.pc, 2000);
    return this.pc.localDescription?.sdp ?? "";
  }

  async answer(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: "answer", sdp });
    this.timer = setInterval(() => this.tick(), 10);
  }

  play(pcm: Int16Array): void {
    const next = new Int16Array(this.pending.length + pcm.length);
    next.set(this.pending);
    next.set(pcm, this.pending.length);
    this.pending = next;
  }

  /** Milliseconds of heard audio louder than about -40 dBFS, counted per 10 ms frame. */
  audibleMs(): number {
    let frames = 0;
    for (const frame of this.heard) {
      let energy = 0;
      for (const s of frame) energy += s * s;
      if (Math.sqrt(energy / frame.length) > 330) frames++;
    }
    return frames * 10;
  }

  get heardMs(): number {
    return this.heard.length * 10;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.sink) {
      this.sink.ondata = null;
      this.sink.stop();
    }
    this.track.stop();
    this.pc.close();
    this.normaliser.dispose();
  }

  private tick(): void {
    const take = Math.min(MEDIA_FRAME_SAMPLES, this.pending.length);
    this.frame.fill(0);
    this.frame.set(this.pending.subarray(0, take));
    this.pending = this.pending.subarray(take);
    this.source.onData({
      samples: this.frame,
      sampleRate: 48000,
      bitsPerSample: 16,
      channelCount: 1,
      numberOfFrames: MEDIA_FRAME_SAMPLES,
    });
  }
}
