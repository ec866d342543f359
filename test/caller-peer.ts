import { type FrameLevels, measureLevels } from "../src/audio/levels";
import { MEDIA_FRAME_SAMPLES, MEDIA_SAMPLE_RATE } from "../src/media/media-leg";
import {
  parseSdp,
  payloadTypeOf,
  rtpMaps,
  type SdpDocument,
  serialiseSdp,
} from "../src/media/sdp/sdp-document";
import { FrameNormaliser } from "../src/media/webrtc/frame-normaliser";
import { waitForIceGathering } from "../src/media/webrtc/ice-gathering";
import { Wrtc, type WrtcAudioSink } from "../src/media/webrtc/wrtc";
import { readWav48kMono } from "./wav";
import { fixtureJson } from "./webhook-signing";

/** The Opus parameters WhatsApp offers. */
export const WHATSAPP_OPUS_FMTP =
  "maxaveragebitrate=20000;maxplaybackrate=16000;minptime=20;sprop-maxcapturerate=16000;useinbandfec=1";

export interface CallerPeerOptions {
  /** A 48 kHz mono WAV the caller speaks once media connects; silence follows. */
  wavPath?: string;
  /** Or 48 kHz mono PCM to speak. */
  pcm?: Int16Array;
  /**
   * Shape the offer like WhatsApp's. wrtc cannot be an ICE-lite agent, so the caller stays a
   * full agent and only its SDP says otherwise: the local offer gets WhatsApp's Opus fmtp and
   * a=ptime:20 / a=maxptime:20, and the text handed to the answerer also gets a=ice-lite, loses
   * a=ice-options:trickle and keeps only Opus and telephone-event/8000. The mid stays wrtc's
   * ("0", where WhatsApp says "audio"): the caller's own description must keep matching it.
   */
  whatsappStyle?: boolean;
  /** Keep only UDP candidates on 127.0.0.1, in both directions (default true). */
  loopbackOnly?: boolean;
}

/**
 * A caller made of a real @roamhq/wrtc peer: it offers Opus, speaks into its track paced at
 * 10 ms, and records everything it hears (48 kHz mono). createCallerPeer() makes one with its
 * offer ready; `new CallerPeer()` then `offer()` does the same in two steps.
 */
export class CallerPeer {
  readonly pc = new Wrtc.RTCPeerConnection({ iceServers: [] });
  offerSdp = "";
  private readonly source = new Wrtc.nonstandard.RTCAudioSource();
  private readonly track = this.source.createTrack();
  private sink: WrtcAudioSink | null = null;
  private speech: Int16Array;
  private readonly out = new Int16Array(MEDIA_FRAME_SAMPLES);
  private timer: ReturnType<typeof setInterval> | null = null;
  private startedAt = 0;
  private framesDue = 0;
  private heard = new Int16Array(MEDIA_SAMPLE_RATE * 10);
  private heardLength = 0;
  /** RMS dBFS of each heard 10 ms frame, measured once as it arrives. */
  private heardLevels: number[] = [];
  private readonly levels: FrameLevels = { rmsDbfs: 0, peakDbfs: 0 };
  private readonly normaliser = new FrameNormaliser((frame) => this.record(frame));
  framesSent = 0;

  constructor(private readonly options: CallerPeerOptions = {}) {
    this.speech =
      options.pcm ?? (options.wavPath ? readWav48kMono(options.wavPath) : new Int16Array(0));
    this.pc.addTrack(this.track, new Wrtc.MediaStream([this.track]));
    this.pc.ontrack = (event) => {
      this.sink = new Wrtc.nonstandard.RTCAudioSink(event.track);
      this.sink.ondata = (data) => this.normaliser.push(data);
    };
  }

  /** Makes the offer, every ICE candidate included. */
  async offer(): Promise<string> {
    let sdp = (await this.pc.createOffer()).sdp ?? "";
    if (this.options.whatsappStyle) sdp = rewrite(sdp, withWhatsAppOpus);
    await this.pc.setLocalDescription({ type: "offer", sdp });
    await waitForIceGathering(this.pc, 5000);
    sdp = this.pc.localDescription?.sdp ?? "";
    if (this.options.whatsappStyle) sdp = rewrite(sdp, asIceLiteOpusOnly);
    if (this.options.loopbackOnly !== false) sdp = rewrite(sdp, loopbackCandidatesOnly);
    this.offerSdp = sdp;
    return sdp;
  }

  /** Applies the answer and starts the 10 ms clock; speech starts once media connects. */
  async answer(answerSdp: string): Promise<void> {
    const sdp =
      this.options.loopbackOnly === false ? answerSdp : rewrite(answerSdp, loopbackCandidatesOnly);
    await this.pc.setRemoteDescription({ type: "answer", sdp });
    this.startedAt = performance.now();
    this.timer = setInterval(() => this.tick(), 10);
  }

  /** Queues more speech after whatever is still queued. */
  play(pcm: Int16Array): void {
    const next = new Int16Array(this.speech.length + pcm.length);
    next.set(this.speech);
    next.set(pcm, this.speech.length);
    this.speech = next;
  }

  /** Milliseconds of queued speech not yet sent. */
  get pendingSpeechMs(): number {
    return this.speech.length / (MEDIA_SAMPLE_RATE / 1000);
  }

  /** Everything heard so far, 48 kHz mono. */
  receivedAudio(): Int16Array {
    return this.heard.slice(0, this.heardLength);
  }

  /** Milliseconds of heard audio louder than -40 dBFS: receivedSpeechMs() at its default. */
  audibleMs(): number {
    return this.receivedSpeechMs();
  }

  /** Milliseconds of heard audio louder than `thresholdDbfs` (RMS per 10 ms frame). */
  receivedSpeechMs(thresholdDbfs = -40): number {
    return this.heardLevels.filter((level) => level > thresholdDbfs).length * 10;
  }

  async waitForConnected(timeoutMs = 10_000): Promise<void> {
    await until(
      () => this.pc.connectionState === "connected",
      timeoutMs,
      () => {
        return `the caller to connect (state ${this.pc.connectionState})`;
      },
    );
  }

  /** Waits until at least `speechMs` of non-silent audio has been heard. */
  async waitForAudio(speechMs: number, timeoutMs = 10_000, thresholdDbfs = -40): Promise<void> {
    await until(
      () => this.receivedSpeechMs(thresholdDbfs) >= speechMs,
      timeoutMs,
      () => {
        return `${speechMs} ms of audio (heard ${this.receivedSpeechMs(thresholdDbfs)} ms)`;
      },
    );
  }

  async waitForSpeechSent(timeoutMs = 20_000): Promise<void> {
    await until(
      () => this.speech.length === 0,
      timeoutMs,
      () => {
        return `the caller's speech to be sent (${this.pendingSpeechMs} ms left)`;
      },
    );
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.sink) {
      this.sink.ondata = null;
      this.sink.stop();
      this.sink = null;
    }
    this.track.stop();
    this.pc.close();
    this.normaliser.dispose();
  }

  /** Sends every frame due by the clock; after a long stall it skips ahead instead of bursting. */
  private tick(): void {
    const due = Math.floor((performance.now() - this.startedAt) / 10);
    this.framesDue = Math.max(this.framesDue, due - 10);
    for (; this.framesDue < due; this.framesDue++) this.sendFrame();
  }

  private sendFrame(): void {
    this.out.fill(0);
    if (this.pc.connectionState === "connected" && this.speech.length > 0) {
      const take = Math.min(MEDIA_FRAME_SAMPLES, this.speech.length);
      this.out.set(this.speech.subarray(0, take));
      this.speech = this.speech.subarray(take);
    }
    this.source.onData({
      samples: this.out,
      sampleRate: MEDIA_SAMPLE_RATE,
      bitsPerSample: 16,
      channelCount: 1,
      numberOfFrames: MEDIA_FRAME_SAMPLES,
    });
    this.framesSent++;
  }

  private record(frame: Int16Array): void {
    if (this.heardLength + frame.length > this.heard.length) {
      const bigger = new Int16Array(this.heard.length * 2);
      bigger.set(this.heard);
      this.heard = bigger;
    }
    this.heard.set(frame, this.heardLength);
    this.heardLength += frame.length;
    this.heardLevels.push(measureLevels(frame, this.levels).rmsDbfs);
  }
}

/** A caller peer with its offer made (see CallerPeer.offerSdp). */
export async function createCallerPeer(options: CallerPeerOptions = {}): Promise<CallerPeer> {
  const peer = new CallerPeer(options);
  try {
    await peer.offer();
    return peer;
  } catch (error) {
    peer.close();
    throw error;
  }
}

/**
 * The static WhatsApp offer from the connect webhook fixture. With `loopback`, its
 * documentation-address candidates become one on 127.0.0.1 (nobody answers there), so a test
 * may hand it to a real peer connection without sending packets off the machine.
 */
export function whatsappFixtureOffer({ loopback = false } = {}): string {
  const sdp: string = fixtureJson("whatsapp/connect-inbound.json").entry[0].changes[0].value
    .calls[0].session.sdp;
  if (!loopback) return sdp;
  return rewrite(sdp.replaceAll("192.0.2.10", "127.0.0.1"), loopbackCandidatesOnly);
}

function rewrite(sdp: string, change: (doc: SdpDocument) => void): string {
  const doc = parseSdp(sdp);
  change(doc);
  return serialiseSdp(doc);
}

function withWhatsAppOpus(doc: SdpDocument): void {
  for (const m of doc.media.filter((section) => section.kind === "audio")) {
    const opus = rtpMaps(m).find((map) => map.encoding === "opus")?.payloadType;
    m.lines = m.lines.flatMap((line) =>
      line.startsWith(`a=fmtp:${opus} `)
        ? [`a=fmtp:${opus} ${WHATSAPP_OPUS_FMTP}`, "a=ptime:20", "a=maxptime:20"]
        : [line],
    );
  }
}

function asIceLiteOpusOnly(doc: SdpDocument): void {
  doc.session.splice(doc.session.findIndex((line) => line.startsWith("t=")) + 1, 0, "a=ice-lite");
  for (const m of doc.media.filter((section) => section.kind === "audio")) {
    const keep = new Set(
      rtpMaps(m)
        .filter(
          (map) =>
            map.encoding === "opus" ||
            (map.encoding === "telephone-event" && map.clockRate === 8000),
        )
        .map((map) => map.payloadType),
    );
    m.formats = m.formats.filter((pt) => keep.has(pt));
    m.lines = m.lines.filter((line) => {
      const pt = payloadTypeOf(line);
      return (pt === null || keep.has(pt)) && line !== "a=ice-options:trickle";
    });
  }
}

/** The SDP with only its UDP candidates on 127.0.0.1, so that a test's media stays on loopback. */
export function withLoopbackCandidatesOnly(sdp: string): string {
  return rewrite(sdp, loopbackCandidatesOnly);
}

function loopbackCandidatesOnly(doc: SdpDocument): void {
  for (const m of doc.media) {
    m.lines = m.lines.filter((line) => {
      if (!line.startsWith("a=candidate:")) return true;
      const [, , transport, , address] = line.split(" ");
      return transport?.toLowerCase() === "udp" && address === "127.0.0.1";
    });
  }
}

async function until(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
