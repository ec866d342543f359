import { TypedEmitter } from "../../models/typed-emitter";
import {
  MEDIA_FRAME_SAMPLES,
  MEDIA_SAMPLE_RATE,
  type MediaLeg,
  type MediaLegEvents,
  type MediaLegStats,
} from "../media-leg";
import { FrameNormaliser } from "./frame-normaliser";
import { type AudioData, Wrtc, type WrtcAudioSink, type WrtcAudioSource } from "./wrtc";

/** How long a "disconnected" peer may take to come back before the call is given up. */
const DISCONNECT_GRACE_MS = 3000;
/**
 * A peer that closed without a word is only declared failed by ICE after ~18 s; no RTP for this
 * long says the same sooner (Opus with DTX still sends a packet every 400 ms).
 */
const RTP_SILENCE_LIMIT_MS = 5000;
const RTP_POLL_MS = 1000;

/** Peer connections still open in this process, for leak checks. */
let openLegs = 0;
export const liveWebRtcLegs = () => openLegs;

/**
 * A call's media over WebRTC: the caller's Opus decoded to PCM by the sink, the agent's PCM
 * encoded by the source. Owns the peer connection and everything hanging off it.
 */
export class WebRtcLeg implements MediaLeg {
  private readonly events = new TypedEmitter<MediaLegEvents>();
  private readonly source: WrtcAudioSource = new Wrtc.nonstandard.RTCAudioSource();
  readonly track: MediaStreamTrack = this.source.createTrack();
  private sink: WrtcAudioSink | null = null;
  private readonly normaliser = new FrameNormaliser((frame) => {
    this.framesIn++;
    this.events.emit("audio", frame);
  });
  private readonly outgoing: AudioData = {
    samples: new Int16Array(MEDIA_FRAME_SAMPLES),
    sampleRate: MEDIA_SAMPLE_RATE,
    bitsPerSample: 16,
    channelCount: 1,
    numberOfFrames: MEDIA_FRAME_SAMPLES,
  };
  private framesIn = 0;
  private framesOut = 0;
  private connected = false;
  private closed = false;
  private dropTimer: ReturnType<typeof setTimeout> | null = null;
  private rtpWatch: ReturnType<typeof setInterval> | null = null;
  private lastPackets = -1;
  private lastPacketAt = 0;

  constructor(readonly pc: RTCPeerConnection) {
    openLegs++;
    pc.ontrack = (event) => this.attachSink(event.track);
    pc.onconnectionstatechange = () => this.onStateChange(pc.connectionState);
  }

  on<K extends keyof MediaLegEvents>(event: K, listener: (...args: MediaLegEvents[K]) => void) {
    return this.events.on(event, listener);
  }

  sendAudio(frame: Int16Array): void {
    if (this.closed || !this.connected) return;
    // wrtc reads the whole backing buffer, so the frame is copied into one of exactly 10 ms.
    this.outgoing.samples.set(frame.subarray(0, MEDIA_FRAME_SAMPLES));
    this.source.onData(this.outgoing);
    this.framesOut++;
  }

  stats(): MediaLegStats {
    return { framesIn: this.framesIn, framesOut: this.framesOut };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    openLegs--;
    this.clearDropTimer();
    if (this.rtpWatch) clearInterval(this.rtpWatch);
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    if (this.sink) {
      this.sink.ondata = null;
      this.sink.stop();
      this.sink = null;
    }
    this.track.stop();
    this.pc.close();
    this.normaliser.dispose();
    this.events.emit("closed");
    this.events.removeAllListeners();
  }

  private attachSink(track: MediaStreamTrack): void {
    if (track.kind !== "audio" || this.sink || this.closed) return;
    this.sink = new Wrtc.nonstandard.RTCAudioSink(track);
    this.sink.ondata = (data) => this.normaliser.push(data);
  }

  private onStateChange(state: RTCPeerConnectionState): void {
    if (this.closed) return;
    if (state === "connected") {
      this.clearDropTimer();
      if (!this.connected) {
        this.connected = true;
        this.watchRtp();
        this.events.emit("connected");
      }
    } else if (state === "failed" || state === "closed") {
      this.clearDropTimer();
      this.events.emit("disconnected", `connection ${state}`);
    } else if (state === "disconnected" && this.dropTimer === null) {
      // Often a passing network blip: ICE may recover, so wait before calling the peer gone.
      this.dropTimer = setTimeout(() => {
        this.dropTimer = null;
        if (!this.closed) this.events.emit("disconnected", "connection lost");
      }, DISCONNECT_GRACE_MS);
    }
  }

  private watchRtp(): void {
    this.lastPacketAt = performance.now();
    this.rtpWatch = setInterval(() => void this.checkRtp(), RTP_POLL_MS);
  }

  private async checkRtp(): Promise<void> {
    const report = await this.pc.getStats().catch(() => null);
    if (!report || this.closed) return;
    let packets = 0;
    report.forEach((stat: { type: string; kind?: string; packetsReceived?: number }) => {
      if (stat.type === "inbound-rtp" && stat.kind === "audio")
        packets += stat.packetsReceived ?? 0;
    });
    const now = performance.now();
    if (packets !== this.lastPackets) {
      this.lastPackets = packets;
      this.lastPacketAt = now;
    } else if (now - this.lastPacketAt > RTP_SILENCE_LIMIT_MS) {
      if (this.rtpWatch) clearInterval(this.rtpWatch);
      this.rtpWatch = null;
      this.events.emit("disconnected", "no media from the caller");
    }
  }

  private clearDropTimer(): void {
    if (this.dropTimer !== null) clearTimeout(this.dropTimer);
    this.dropTimer = null;
  }
}
