import type { CallAudioTap } from "../calls/audio-tap";
import { MEDIA_FRAME_SAMPLES } from "../media/media-leg";
import type { RecordingEncoders } from "./encoders";
import { joinBytes } from "./encoders";
import { OPUS_FRAME_SAMPLES } from "./stereo-ogg-encoder";

/** Ticks (10 ms) per batch handed to the encoder: 200 ms, ten Opus frames, one Ogg page. */
export const TICKS_PER_BATCH = 20;
/** Caller frames waiting for their tick: past this the oldest is dropped (a long stall). */
const CALLER_QUEUE_FRAMES = 50;
/**
 * Frames that arrive in a burst (after a stall the clock's catch-up ticks run before the
 * transport's queued frames are delivered) wait in the queue; while it is longer than this,
 * one frame in ten is dropped, so the caller's side soon lines up with the clock again.
 */
const CALLER_QUEUE_TARGET = 4;
const TRIM_AFTER_TICKS = 10;
/** Batches waiting to be encoded or written: past this (a stuck blob store) the recording fails. */
const MAX_QUEUED_BATCHES = 100;

export interface CallRecorderOptions {
  streamId: string;
  encoders: RecordingEncoders;
  /** Writes part `n` (1, 2, …): whole Ogg pages, in order. */
  writePart(n: number, bytes: Uint8Array): Promise<void>;
  /** Milliseconds of audio gathered before a part is written (a crash loses at most this). */
  partMs?: number;
  onError(error: unknown): void;
}

export interface RecorderOutcome {
  durationMs: number;
  parts: number;
  failed: boolean;
  droppedCallerFrames: number;
}

/**
 * One call's stereo recording as it happens: on each tick of the call clock the caller's next
 * frame goes left and the frame the agent sent goes right (silence where there was none), so the
 * two stay aligned on the clock whatever arrives when. Every 200 ms the batch goes to the encoder
 * off the clock's path, and every few seconds the pages are written out as a numbered part.
 * It holds one batch, the pages not yet written and the batches waiting: never the whole call.
 */
export class CallRecorder implements CallAudioTap {
  private batch = new Int16Array(TICKS_PER_BATCH * MEDIA_FRAME_SAMPLES * 2);
  private ticksInBatch = 0;
  private readonly agent = new Int16Array(MEDIA_FRAME_SAMPLES);
  private agentSent = false;
  private readonly callerQueue: Int16Array[] = [];
  private readonly spareFrames: Int16Array[] = [];
  private pages: Uint8Array[] = [];
  private pagesMs = 0;
  private partNumber = 0;
  private queued = 0;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private failed = false;
  private ticks = 0;
  private ticksOverTarget = 0;
  /** Caller frames dropped because too many waited. */
  droppedCallerFrames = 0;
  readonly done: Promise<RecorderOutcome>;
  private resolveDone: (result: RecorderOutcome) => void = () => {};

  constructor(private readonly opts: CallRecorderOptions) {
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  agentFrame(frame: Int16Array): void {
    this.agent.set(frame.subarray(0, MEDIA_FRAME_SAMPLES));
    this.agentSent = true;
  }

  callerFrame(frame: Int16Array): void {
    if (this.stopped) return;
    if (this.callerQueue.length >= CALLER_QUEUE_FRAMES) {
      const oldest = this.callerQueue.shift();
      if (oldest) this.spareFrames.push(oldest);
      this.droppedCallerFrames++;
    }
    const copy = this.spareFrames.pop() ?? new Int16Array(MEDIA_FRAME_SAMPLES);
    copy.set(frame.subarray(0, MEDIA_FRAME_SAMPLES));
    this.callerQueue.push(copy);
  }

  tick(offsetMs: number): void {
    if (this.stopped) return;
    const index = Math.floor(offsetMs / 10);
    while (this.ticks < index) this.writeTick(false);
    this.writeTick(true);
  }

  private writeTick(current: boolean): void {
    this.trimCallerQueue();
    const caller = this.callerQueue.shift();
    const base = this.ticksInBatch * MEDIA_FRAME_SAMPLES * 2;
    const batch = this.batch;
    const agent = current && this.agentSent ? this.agent : null;
    for (let i = 0; i < MEDIA_FRAME_SAMPLES; i++) {
      batch[base + 2 * i] = caller ? (caller[i] ?? 0) : 0;
      batch[base + 2 * i + 1] = agent ? (agent[i] ?? 0) : 0;
    }
    if (caller) this.spareFrames.push(caller);
    if (current) this.agentSent = false;
    this.ticks++;
    if (++this.ticksInBatch === TICKS_PER_BATCH) this.flushBatch(false);
  }

  private trimCallerQueue(): void {
    if (this.callerQueue.length <= CALLER_QUEUE_TARGET) {
      this.ticksOverTarget = 0;
      return;
    }
    if (++this.ticksOverTarget < TRIM_AFTER_TICKS) return;
    this.ticksOverTarget = 0;
    const oldest = this.callerQueue.shift();
    if (oldest) this.spareFrames.push(oldest);
    this.droppedCallerFrames++;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.flushBatch(true);
    this.chain = this.chain.then(() => {
      this.opts.encoders.close(this.opts.streamId);
      this.resolveDone({
        durationMs: this.ticks * 10,
        parts: this.partNumber,
        failed: this.failed,
        droppedCallerFrames: this.droppedCallerFrames,
      });
    });
  }

  /** Hands the batch to the encoder; the last one is padded to a whole 20 ms frame. */
  private flushBatch(last: boolean): void {
    const validSamples = this.ticksInBatch * MEDIA_FRAME_SAMPLES;
    if (validSamples === 0 && !last) return;
    const frames = Math.ceil(validSamples / OPUS_FRAME_SAMPLES);
    // A last batch cut mid-frame is padded with silence; the final granule drops the padding.
    const pcm =
      frames * OPUS_FRAME_SAMPLES * 2 === this.batch.length
        ? this.batch
        : this.batch.slice(0, frames * OPUS_FRAME_SAMPLES * 2).fill(0, validSamples * 2);
    this.batch = new Int16Array(TICKS_PER_BATCH * MEDIA_FRAME_SAMPLES * 2);
    this.ticksInBatch = 0;
    if (this.failed) return;
    if (this.queued >= MAX_QUEUED_BATCHES) {
      this.fail(new Error("recording fell behind: encoder or blob store too slow"));
      return;
    }
    this.queued++;
    const batchMs = validSamples / 48;
    this.chain = this.chain.then(async () => {
      this.queued--;
      if (this.failed) return;
      try {
        const pages = await this.opts.encoders.encode(this.opts.streamId, {
          pcm,
          validSamples,
          last,
        });
        this.pages.push(pages);
        this.pagesMs += batchMs;
        if (last || this.pagesMs >= (this.opts.partMs ?? 3000)) await this.writePart();
      } catch (error) {
        this.fail(error);
      }
    });
  }

  private async writePart(): Promise<void> {
    const bytes = joinBytes(this.pages);
    this.pages = [];
    this.pagesMs = 0;
    this.partNumber++;
    await this.opts.writePart(this.partNumber, bytes);
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.pages = [];
    this.opts.onError(error);
  }
}
