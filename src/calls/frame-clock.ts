import { FRAME_MS } from "../audio/frames";

/**
 * One 10 ms clock for every call on the machine. Deadlines are kept on the monotonic clock, so a
 * late timer is caught up by ticking again at once rather than drifting: over any stretch each
 * subscriber gets exactly one tick per 10 ms of elapsed time.
 */

export type Tick = (frameTimeMs: number) => void;

export interface FrameClock {
  subscribe(tick: Tick): () => void;
  readonly subscribers: number;
}

/** Catching up more than this many frames at once means the process stalled; skip ahead. */
const MAX_CATCH_UP_FRAMES = 20;

export class MonotonicFrameClock implements FrameClock {
  private readonly ticks = new Set<Tick>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private nextDeadline = 0;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly onStall: (skippedFrames: number) => void = () => {},
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  get subscribers(): number {
    return this.ticks.size;
  }

  subscribe(tick: Tick): () => void {
    this.ticks.add(tick);
    if (this.timer === null) {
      this.nextDeadline = this.now() + FRAME_MS;
      this.schedule();
    }
    return () => {
      this.ticks.delete(tick);
      if (this.ticks.size === 0 && this.timer !== null) {
        clearTimeout(this.timer);
        this.timer = null;
      }
    };
  }

  private schedule(): void {
    const delay = Math.max(0, this.nextDeadline - this.now());
    this.timer = setTimeout(() => this.fire(), delay);
  }

  private fire(): void {
    let due = Math.floor((this.now() - this.nextDeadline) / FRAME_MS) + 1;
    if (due > MAX_CATCH_UP_FRAMES) {
      this.onStall(due - 1);
      this.nextDeadline += (due - 1) * FRAME_MS;
      due = 1;
    }
    for (let i = 0; i < due; i++) {
      const frameTime = this.nextDeadline;
      for (const tick of this.ticks) {
        // One call's failure must not stop the others' audio.
        try {
          tick(frameTime);
        } catch (error) {
          this.onError(error);
        }
      }
      this.nextDeadline += FRAME_MS;
    }
    if (this.ticks.size > 0) this.schedule();
    else this.timer = null;
  }
}
