import { samplesPer10ms } from "../audio/frames";
import { Resampler } from "../audio/resampler";
import { MEDIA_SAMPLE_RATE } from "../media/media-leg";
import { PCM16_24K } from "../models/model-settings";
import { type PlayedItem, PlayoutQueue } from "./playout-queue";

const MODEL_RATE = PCM16_24K.sampleRateHz;
const MODEL_FRAME = samplesPer10ms(MODEL_RATE);
/**
 * A reply that streams in at just real time waits this long in the queue before it plays, so a
 * chunk arriving a little late does not leave a gap mid-reply.
 */
const PLAYOUT_HEADROOM_MS = 20;
/** A model streaming faster than real time has this much queued at once: play without waiting. */
const PLAYOUT_BURST_MS = 100;

export interface AgentVoiceHooks {
  /** Agent audio went out to the caller in this tick. */
  audioOut(): void;
  /** Everything the agent said has been played. */
  finished(): void;
  /** Mid-reply, the next audio had not arrived: a 10 ms gap. */
  underrun(): void;
}

/**
 * The agent's side of the audio: the model's 24 kHz chunks queued, then paced out to the
 * caller one 10 ms, 48 kHz frame per tick, silence when there is nothing to say.
 */
export class AgentVoice {
  private readonly queue = new PlayoutQueue(MODEL_RATE);
  private readonly toCaller = new Resampler(MODEL_RATE, MEDIA_SAMPLE_RATE);
  private readonly frame = new Int16Array(MODEL_FRAME);
  /** Agent audio is going out to the caller. */
  private speaking = false;
  /** The model has sent all audio of the reply now playing. */
  private complete = false;
  /** When the reply now waiting in the queue began arriving. */
  private queuedAt = 0;

  constructor(
    private readonly send: (frame48k: Int16Array) => void,
    private readonly hooks: AgentVoiceHooks,
    private readonly now: () => number,
  ) {}

  get pendingSamples(): number {
    return this.queue.pendingSamples;
  }

  /** The assistant item whose audio went out last, until the queue is cleared. */
  get playingItemId(): string | null {
    return this.queue.playing?.itemId ?? null;
  }

  /** Nothing is playing and nothing waits to play. */
  get idle(): boolean {
    return !this.speaking && this.queue.pendingSamples === 0;
  }

  push(pcm: Int16Array, itemId: string): void {
    if (this.queue.pendingSamples === 0 && !this.speaking) this.queuedAt = this.now();
    this.queue.push(pcm, itemId);
  }

  /** A new reply began: its audio is still coming. */
  replyStarted(): void {
    this.complete = false;
  }

  /** The model sent the last audio of the reply. */
  replyComplete(): void {
    this.complete = true;
  }

  /**
   * One 10 ms frame to the caller. While the agent is silent, `fill` may give a frame (48 kHz)
   * to send instead of silence: the working-on-it cue.
   */
  tick(fill?: () => Int16Array | null): void {
    const real = this.holdForHeadroom() ? 0 : this.queue.read(this.frame);
    const filler = real === 0 && this.idle ? fill?.() : null;
    if (filler) this.send(filler);
    else {
      if (real === 0) this.frame.fill(0);
      this.send(this.toCaller.process(this.frame));
    }
    if (real > 0) {
      this.speaking = true;
      this.hooks.audioOut();
    }
    if (!this.speaking || real === MODEL_FRAME) return;
    // Short of a full frame while speaking: either the reply is over, or the model is late.
    if (this.complete) {
      this.speaking = false;
      this.queue.clear();
      this.hooks.finished();
    } else this.hooks.underrun();
  }

  /** Barge-in: silence at once. Returns the item that was playing and how much was heard. */
  stop(): { itemId: string; heardMs: number } | null {
    const played: PlayedItem | null = this.queue.clear();
    this.speaking = false;
    this.toCaller.reset();
    return played ? { itemId: played.itemId, heardMs: this.queue.playedMs(played) } : null;
  }

  dispose(): void {
    this.queue.clear();
    this.toCaller.dispose();
  }

  private holdForHeadroom(): boolean {
    if (this.speaking || this.complete || this.queue.pendingSamples === 0) return false;
    if (this.queue.pendingMs >= PLAYOUT_BURST_MS) return false;
    return this.now() - this.queuedAt < PLAYOUT_HEADROOM_MS;
  }
}
