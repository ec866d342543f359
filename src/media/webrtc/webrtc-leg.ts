import { TypedEmitter } from "../../events/typed-emitter";
import { MediaError } from "../media-error";
import {
  MEDIA_FRAME_SAMPLES,
  MEDIA_SAMPLE_RATE,
  type MediaLeg,
  type MediaLegEvents,
  type MediaLegState,
  type MediaLegStats,
} from "../media-leg";
import { FrameNormaliser } from "./frame-normaliser";
import { type AudioData, Wrtc, type WrtcAudioSink } from "./wrtc";

export interface WebRtcLegOptions {
  /** STUN/TURN servers. None by default: host candidates only (enough for loopback and LANs). */
  iceServers?: RTCIceServer[];
  /** The ports its ICE sockets may bind (libwebrtc's `portRange` extension); default any. */
  portRange?: { min: number; max: number };
  /** Where a listener that throws is reported; the other listeners still run. */
  onListenerError?: (error: unknown) => void;
  /**
   * Negotiate Opus DTX (`usedtx=1`) both ways: while a side is silent its encoder sends a
   * packet about every 400 ms instead of every 20 ms (see BENCHMARKS.md, Capacity levers).
   */
  opusDtx?: boolean;
  /**
   * Hand all-zero frames (the agent silent between replies) to nobody: libwebrtc then encodes
   * and sends nothing. Its RTP timestamps only advance with audio handed over, so a receiver's
   * jitter buffer stretches the next reply (see BENCHMARKS.md, Capacity levers).
   */
  skipSilentFrames?: boolean;
}

/**
 * Why a WebRTC leg reports `disconnected`: the peer closed its DTLS session (an orderly
 * hang-up), ICE failed, or ICE stayed disconnected longer than the grace period.
 */
export type WebRtcDropReason = "remote_closed" | "ice_failed" | "ice_disconnected";

/** ICE "disconnected" often recovers (a network blip); wait this long before giving up. */
const DISCONNECT_GRACE_MS = 3000;

let openLegs = 0;

/** Legs (each owning one peer connection) created and not yet closed in this process. */
export function liveWebRtcLegs(): number {
  return openLegs;
}

/**
 * A call's media over WebRTC: the caller's Opus decoded to PCM by the wrtc sink, the agent's
 * PCM encoded by the wrtc source. Owns its peer connection and everything hanging off it.
 * Made by answerWebRtcOffer() or createWebRtcOffer(), which negotiate through `pc`.
 * It never emits `dtmf`: wrtc decodes RTP inside libwebrtc and exposes neither the packets nor
 * received telephone-events, and it reports no underruns (an unfed source just sends nothing).
 */
export class WebRtcLeg implements MediaLeg {
  readonly pc: RTCPeerConnection;
  private readonly events: TypedEmitter<MediaLegEvents>;
  private readonly source = new Wrtc.nonstandard.RTCAudioSource();
  private readonly track = this.source.createTrack();
  private sink: WrtcAudioSink | null = null;
  private readonly normaliser = new FrameNormaliser((frame) => {
    this.framesIn++;
    this.events.emit("audio", frame);
  });
  /**
   * Reused for every outgoing frame. The frame is copied in first: wrtc reads the whole
   * underlying ArrayBuffer, so a view into a larger buffer (a subarray) would be refused.
   */
  private readonly outgoing: AudioData = {
    samples: new Int16Array(MEDIA_FRAME_SAMPLES),
    sampleRate: MEDIA_SAMPLE_RATE,
    bitsPerSample: 16,
    channelCount: 1,
    numberOfFrames: MEDIA_FRAME_SAMPLES,
  };
  private phase: MediaLegState = "new";
  connectedAt?: number;
  private readonly skipSilentFrames: boolean;

  get state(): MediaLegState {
    return this.phase;
  }
  private framesIn = 0;
  private framesOut = 0;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onStateChange = () => this.checkTransport();

  constructor(options: WebRtcLegOptions = {}) {
    this.events = new TypedEmitter(options.onListenerError ?? reportListenerError);
    this.skipSilentFrames = options.skipSilentFrames ?? false;
    this.pc = new Wrtc.RTCPeerConnection({
      iceServers: options.iceServers ?? [],
      ...(options.portRange && { portRange: options.portRange }),
    });
    openLegs++;
    // Added before negotiation: an offer we make carries it, and a remote offer's audio
    // section is matched to this sender instead of getting a receive-only transceiver.
    this.pc.addTrack(this.track, new Wrtc.MediaStream([this.track]));
    this.pc.ontrack = (event) => this.attachSink(event.track);
    this.pc.addEventListener("connectionstatechange", this.onStateChange);
  }

  on<K extends keyof MediaLegEvents>(
    event: K,
    listener: (...args: MediaLegEvents[K]) => void,
  ): () => void {
    return this.events.on(event, listener);
  }

  /** Frames sent before media connects are dropped (and not counted): nobody could hear them. */
  sendAudio(frame10ms: Int16Array): void {
    if (frame10ms.length !== MEDIA_FRAME_SAMPLES) {
      throw new MediaError(
        "bad_frame",
        `sendAudio takes ${MEDIA_FRAME_SAMPLES} samples (10 ms at 48 kHz), got ${frame10ms.length}`,
      );
    }
    if (this.phase !== "connected") return;
    if (this.skipSilentFrames && isSilent(frame10ms)) return;
    this.outgoing.samples.set(frame10ms);
    this.source.onData(this.outgoing);
    this.framesOut++;
  }

  stats(): MediaLegStats {
    return { framesIn: this.framesIn, framesOut: this.framesOut };
  }

  /** Sink chunks the normaliser could not use (unknown rate or sample format). */
  get droppedChunks(): number {
    return this.normaliser.dropped;
  }

  async close(_reason?: string): Promise<void> {
    if (this.phase === "closed") return;
    this.phase = "closed";
    openLegs--;
    this.clearGraceTimer();
    this.pc.ontrack = null;
    this.pc.removeEventListener("connectionstatechange", this.onStateChange);
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
    if (track.kind !== "audio" || this.sink || this.phase === "closed") return;
    this.sink = new Wrtc.nonstandard.RTCAudioSink(track);
    this.sink.ondata = (data) => this.normaliser.push(data);
  }

  /**
   * Reads the connection and DTLS states together: a peer that closes its connection sends a
   * DTLS close alert, which leaves ICE "connected" but the DTLS transport "closed".
   */
  private checkTransport(): void {
    if (this.phase === "closed") return;
    const dtls = this.pc.getReceivers()[0]?.transport?.state;
    const ice = this.pc.connectionState;
    if (dtls === "closed" || ice === "closed") this.drop("remote_closed");
    else if (dtls === "failed" || ice === "failed") this.drop("ice_failed");
    else if (ice === "connected") this.onConnected();
    else if (ice === "disconnected" && this.graceTimer === null) {
      this.graceTimer = setTimeout(() => this.drop("ice_disconnected"), DISCONNECT_GRACE_MS);
    }
  }

  private onConnected(): void {
    this.clearGraceTimer();
    if (this.phase !== "new") return;
    this.phase = "connected";
    this.connectedAt = Date.now();
    this.events.emit("connected");
  }

  private drop(reason: WebRtcDropReason): void {
    if (this.phase === "closed") return;
    this.events.emit("disconnected", reason);
    void this.close(reason);
  }

  private clearGraceTimer(): void {
    if (this.graceTimer !== null) clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }
}

function isSilent(frame: Int16Array): boolean {
  for (let i = 0; i < frame.length; i++) if (frame[i] !== 0) return false;
  return true;
}

function reportListenerError(error: unknown): void {
  console.error("a media leg listener threw", error);
}
