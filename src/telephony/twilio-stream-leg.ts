import { muLawDecode, muLawEncode } from "../audio/g711";
import { Resampler } from "../audio/resampler";
import { TypedEmitter } from "../events/typed-emitter";
import {
  MEDIA_FRAME_SAMPLES,
  MEDIA_SAMPLE_RATE,
  type MediaLeg,
  type MediaLegEvents,
  type MediaLegState,
  type MediaLegStats,
} from "../media/media-leg";
import type { TwilioStreamMessage } from "./stream-messages";

/** The side of the WebSocket the leg writes to (Bun's ServerWebSocket, or a test's). */
export interface StreamSocket {
  send(text: string): unknown;
  close(code?: number, reason?: string): void;
}

const PHONE_RATE = 8000;
/** Agent audio goes to Twilio in 20 ms chunks, each followed by a mark. */
const CHUNK_SAMPLES = 160;
const CHUNK_MS = 20;
/** A chunk with a sample louder than this carries speech; the agent's silence is all zeros. */
const SOUND_PEAK = 500;

/**
 * A call's media over a Twilio Media Stream: 8 kHz µ-law both ways, converted to and from the
 * engine's 48 kHz PCM frames by the WASM core. Twilio buffers what we send, so each chunk is
 * followed by a mark; the marks it echoes tell how much the caller has heard, and `clear`
 * drops the rest on barge-in.
 */
export class TwilioStreamLeg implements MediaLeg {
  private readonly events: TypedEmitter<MediaLegEvents>;
  private readonly up = new Resampler(PHONE_RATE, MEDIA_SAMPLE_RATE);
  private readonly down = new Resampler(MEDIA_SAMPLE_RATE, PHONE_RATE);
  private readonly inFrame = new Int16Array(MEDIA_FRAME_SAMPLES);
  private readonly outChunk = new Int16Array(CHUNK_SAMPLES);
  private readonly outCodes = new Uint8Array(CHUNK_SAMPLES);
  private outFill = 0;
  private phase: MediaLegState = "new";
  private streamSid = "";
  private framesIn = 0;
  private framesOut = 0;
  private markSeq = 0;
  /** Milliseconds of agent audio sent to Twilio, and heard by the caller (last echoed mark). */
  private sentMs = 0;
  private heardMs = 0;
  /** sentMs at the end of the last chunk that carried sound. */
  private lastSoundMs = 0;
  /** Marks not yet echoed: name → sentMs once that chunk has played. */
  private readonly pendingMarks = new Map<string, number>();
  private closing: Promise<void> | null = null;

  /**
   * `socket` null: a call we place, whose stream opens once the callee answers; it is given to
   * attach() then, and until then the leg sends nothing.
   */
  constructor(
    private socket: StreamSocket | null,
    onListenerError: (error: unknown) => void = () => {},
  ) {
    this.events = new TypedEmitter(onListenerError);
  }

  /** The stream of a call we placed has opened: the leg sends on it from now on. */
  attach(socket: StreamSocket): void {
    if (this.socket || this.phase === "closed") return;
    this.socket = socket;
  }

  get state(): MediaLegState {
    return this.phase;
  }

  /** Twilio's stream started on this leg at some point (it may have ended since). */
  get streamed(): boolean {
    return this.streamSid !== "";
  }

  on<K extends keyof MediaLegEvents>(
    event: K,
    listener: (...args: MediaLegEvents[K]) => void,
  ): () => void {
    return this.events.on(event, listener);
  }

  /** One message from Twilio (already validated). `start` is checked by the caller first. */
  receive(message: TwilioStreamMessage): void {
    if (this.phase === "closed") return;
    switch (message.event) {
      case "start":
        if (this.phase !== "new") return;
        this.streamSid = message.streamSid;
        this.phase = "connected";
        this.events.emit("connected");
        return;
      case "media":
        if (message.streamSid === this.streamSid && message.media.track !== "outbound")
          this.callerAudio(Buffer.from(message.media.payload, "base64"));
        return;
      case "mark":
        this.markPlayed(message.mark.name);
        return;
      case "dtmf":
        if (message.streamSid === this.streamSid) this.events.emit("dtmf", message.dtmf.digit);
        return;
      case "stop":
        this.farEndGone("stream stopped");
        return;
      default:
        return;
    }
  }

  /** The WebSocket closed without a `stop` (Twilio hung up, or the network went). */
  socketClosed(): void {
    this.farEndGone("stream socket closed");
  }

  sendAudio(frame10ms: Int16Array): void {
    if (this.phase !== "connected") return;
    this.framesOut++;
    const pcm8k = this.down.process(frame10ms);
    this.outChunk.set(pcm8k, this.outFill);
    this.outFill += pcm8k.length;
    if (this.outFill < CHUNK_SAMPLES) return;
    this.outFill = 0;
    if (this.outChunk.some((sample) => sample > SOUND_PEAK || sample < -SOUND_PEAK))
      this.lastSoundMs = this.sentMs + CHUNK_MS;
    muLawEncode(this.outChunk, this.outCodes);
    const payload = Buffer.from(this.outCodes).toString("base64");
    this.socket?.send(
      JSON.stringify({ event: "media", streamSid: this.streamSid, media: { payload } }),
    );
    this.sentMs += CHUNK_MS;
    const name = String(++this.markSeq);
    this.pendingMarks.set(name, this.sentMs);
    this.socket?.send(JSON.stringify({ event: "mark", streamSid: this.streamSid, mark: { name } }));
  }

  /**
   * Barge-in: tells Twilio to drop the agent audio it still holds, and returns how many of the
   * 10 ms frames given to sendAudio() the caller never heard: those sent after the last echoed
   * mark, and those still waiting to fill a chunk.
   */
  clearPlayout(): number {
    if (this.phase !== "connected") return 0;
    this.socket?.send(JSON.stringify({ event: "clear", streamSid: this.streamSid }));
    const unheard = (this.sentMs - this.heardMs) / 10 + this.outFill / (PHONE_RATE / 100);
    this.heardMs = this.sentMs;
    // Twilio echoes the marks it dropped; they were not heard.
    this.pendingMarks.clear();
    this.outFill = 0;
    return unheard;
  }

  /**
   * Resolves once the caller has heard everything the agent said so far (Twilio echoed the mark
   * after its last sound) and `quietMs` of silence have followed it, or after `maxMs` whatever
   * happens, or at once when the stream is not up. Used before the call is handed elsewhere
   * (within transfer_call's 10 s, with Twilio's answer).
   */
  async untilHeard(signal: AbortSignal, quietMs = 400, maxMs = 5000): Promise<void> {
    const heard = () =>
      this.phase !== "connected" ||
      (this.sentMs - this.lastSoundMs >= quietMs && this.heardMs >= this.lastSoundMs);
    const giveUp = AbortSignal.any([signal, AbortSignal.timeout(maxMs)]);
    while (!heard() && !giveUp.aborted) await Bun.sleep(CHUNK_MS);
  }

  close(reason = "closed"): Promise<void> {
    this.closing ??= this.shutDown(reason);
    return this.closing;
  }

  stats(): MediaLegStats {
    return { framesIn: this.framesIn, framesOut: this.framesOut };
  }

  private callerAudio(codes: Uint8Array): void {
    const pcm8k = muLawDecode(codes);
    const pcm48k = this.up.process(pcm8k);
    // 20 ms from Twilio gives two 10 ms frames; other sizes are cut the same way.
    for (let at = 0; at + MEDIA_FRAME_SAMPLES <= pcm48k.length; at += MEDIA_FRAME_SAMPLES) {
      this.inFrame.set(pcm48k.subarray(at, at + MEDIA_FRAME_SAMPLES));
      this.framesIn++;
      this.events.emit("audio", this.inFrame);
    }
  }

  private markPlayed(name: string): void {
    const playedAt = this.pendingMarks.get(name);
    if (playedAt === undefined) return;
    this.heardMs = playedAt;
    // Marks play in order: the ones before this one are done too.
    for (const [pending, at] of this.pendingMarks) {
      if (at > playedAt) break;
      this.pendingMarks.delete(pending);
    }
  }

  private farEndGone(reason: string): void {
    if (this.phase === "closed" || this.closing) return;
    this.events.emit("disconnected", reason);
    void this.close(reason);
  }

  private async shutDown(reason: string): Promise<void> {
    this.phase = "closed";
    try {
      this.socket?.close(1000, reason.slice(0, 100));
    } catch {
      // Already closed by the far end.
    }
    this.up.dispose();
    this.down.dispose();
    this.pendingMarks.clear();
    this.events.emit("closed");
    this.events.removeAllListeners();
  }
}
