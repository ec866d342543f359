import { samplesPer10ms } from "../audio/frames";
import { MEDIA_SAMPLE_RATE } from "../media/media-leg";

const FRAME = samplesPer10ms(MEDIA_SAMPLE_RATE);
/** The caller must have waited this long in silence (agent quiet, tool running) for the cue. */
export const CUE_AFTER_SILENCE_MS = 1000;

/**
 * The "working on it" sound: while a tool runs and the agent has been silent for over a second
 * (counted from the later of its last audio and the tool's start, so a quick tool never sounds
 * it), the cue loops to the caller; the first frame of agent audio stops it, and the next wait
 * starts it from the beginning.
 */
export class WorkingCue {
  private readonly frame = new Int16Array(FRAME);
  private running = 0;
  private position = 0;
  private lastAgentAudioAt: number;
  private waitingSince = 0;

  /** `pcm`: the cue at the media rate (48 kHz mono), already at its low playing level. */
  constructor(
    private readonly pcm: Int16Array,
    private readonly now: () => number,
  ) {
    this.lastAgentAudioAt = now();
  }

  toolStarted(): void {
    if (this.running === 0) this.waitingSince = this.now();
    this.running++;
  }

  toolFinished(): void {
    this.running = Math.max(0, this.running - 1);
    if (this.running === 0) this.position = 0;
  }

  /** Agent audio went out: the cue stops at once. */
  agentSpoke(): void {
    this.lastAgentAudioAt = this.now();
    this.position = 0;
  }

  /** The next 10 ms of cue, or null when the cue should not sound now. */
  next(): Int16Array | null {
    if (this.running === 0 || this.pcm.length === 0) return null;
    const quietSince = Math.max(this.lastAgentAudioAt, this.waitingSince);
    if (this.now() - quietSince < CUE_AFTER_SILENCE_MS) return null;
    for (let i = 0; i < FRAME; i++) {
      this.frame[i] = this.pcm[this.position] ?? 0;
      this.position = (this.position + 1) % this.pcm.length;
    }
    return this.frame;
  }
}
