/** Frames kept: 30 s of 10 ms frames, more than any far-side playout buffer holds. */
const CAPACITY = 3000;

/**
 * Which of the frames recently sent to the caller carried agent audio (the rest were silence,
 * an underrun or the cue). A transport that buffers says how many of the last frames were not
 * heard; this turns that into milliseconds of the agent's reply.
 */
export class SentFrames {
  private readonly speech = new Uint8Array(CAPACITY);
  private count = 0;

  /** A frame went out; silence until `lastWasSpeech()` says otherwise. */
  sent(): void {
    this.speech[this.count % CAPACITY] = 0;
    this.count++;
  }

  lastWasSpeech(): void {
    if (this.count > 0) this.speech[(this.count - 1) % CAPACITY] = 1;
  }

  /** Milliseconds of agent audio among the last `frames` frames sent. */
  speechMsInLast(frames: number): number {
    const n = Math.min(frames, this.count, CAPACITY);
    let speech = 0;
    for (let i = 1; i <= n; i++) speech += this.speech[(this.count - i) % CAPACITY] ?? 0;
    return speech * 10;
  }
}
