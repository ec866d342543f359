import { MEDIA_FRAME_SAMPLES } from "../media/media-leg";

/** What the playout needs of @livekit/rtc-node's AudioSource. */
export interface PlayoutSource<F> {
  /** Hands a frame to the native queue; resolves once it is taken (waits while the queue is full). */
  captureFrame(frame: F): Promise<void>;
  /** Drops everything the native queue still holds. */
  clearQueue(): void;
  /** Milliseconds of captured audio not yet played out, by the source's own reckoning. */
  readonly queuedDuration: number;
  close(): Promise<void>;
}

/** Frames waiting here beyond this (the room stopped taking audio) drop the oldest: 5 s. */
const MAX_WAITING = 500;
const FRAME_MS = 10;

/**
 * The agent's audio into a room: frames wait here until the source takes them, one capture at a
 * time (the source's backpressure), then sit in the source's native queue until they are sent.
 * A barge-in empties both, and says how many of the frames given were never sent: those still
 * waiting here, and those the source still held.
 */
export class AgentPlayout<F> {
  private readonly waiting: Int16Array[] = [];
  private pumping = false;
  private closed = false;
  /** Frames handed to the source. */
  captured = 0;
  /** Frames dropped because the source stopped taking them. */
  overflowed = 0;

  constructor(
    private readonly source: PlayoutSource<F>,
    /** Wraps a 10 ms frame of 48 kHz mono PCM (its own copy) as the source's frame type. */
    private readonly toFrame: (pcm: Int16Array) => F,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Copies the frame: the caller may reuse its array at once. */
  push(frame10ms: Int16Array): void {
    if (this.closed || frame10ms.length !== MEDIA_FRAME_SAMPLES) return;
    if (this.waiting.length >= MAX_WAITING) {
      this.waiting.shift();
      this.overflowed++;
    }
    this.waiting.push(frame10ms.slice());
    if (!this.pumping) void this.pump();
  }

  /** Frames given to push() and not played yet: those waiting here and those still queued. */
  get unplayedFrames(): number {
    return this.waiting.length + Math.round(this.source.queuedDuration / FRAME_MS);
  }

  /** Barge-in: drops everything not played yet; returns how many frames that was. */
  clear(): number {
    const unplayed = this.unplayedFrames;
    this.waiting.length = 0;
    if (!this.closed) this.source.clearQueue();
    return unplayed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.waiting.length = 0;
    await this.source.close();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      for (let pcm = this.waiting.shift(); pcm && !this.closed; pcm = this.waiting.shift()) {
        // Counted as captured from here: the source books the frame as queued before it awaits.
        const taken = this.source.captureFrame(this.toFrame(pcm));
        this.captured++;
        await taken;
      }
    } catch (error) {
      if (!this.closed) this.onError(error);
    } finally {
      this.pumping = false;
    }
  }
}
