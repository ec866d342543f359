import { TypedEmitter } from "../src/events/typed-emitter";
import type {
  MediaLeg,
  MediaLegEvents,
  MediaLegState,
  MediaLegStats,
} from "../src/media/media-leg";

/**
 * A media leg inside the process, for call-session tests that are about turn-taking rather
 * than transport: the test plays caller audio into it (paced at 10 ms, `speed` times real time)
 * and reads back every frame the session sent. The WebRTC leg has its own tests with real peers.
 */
export class MemoryMediaLeg implements MediaLeg {
  private readonly events = new TypedEmitter<MediaLegEvents>();
  private readonly sent: Int16Array[] = [];
  private pending: Int16Array = new Int16Array(0);
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly frame = new Int16Array(480);
  private framesIn = 0;
  closed = false;
  closeReason: string | null = null;
  state: MediaLegState = "new";
  connectedAt?: number;

  constructor(private readonly speed = 1) {}

  on<K extends keyof MediaLegEvents>(event: K, listener: (...args: MediaLegEvents[K]) => void) {
    return this.events.on(event, listener);
  }

  sendAudio(frame: Int16Array): void {
    if (!this.closed) this.sent.push(frame.slice());
  }

  async close(reason?: string): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.state = "closed";
    this.closeReason = reason ?? null;
    if (this.timer) clearInterval(this.timer);
    this.events.emit("closed");
  }

  stats(): MediaLegStats {
    return { framesIn: this.framesIn, framesOut: this.sent.length };
  }

  /** The transport comes up; from now on silence flows from the caller unless audio is queued. */
  connect(): void {
    this.state = "connected";
    this.connectedAt = Date.now();
    this.events.emit("connected");
    this.timer = setInterval(() => this.tick(), 10 / this.speed);
  }

  /** Queues caller speech (48 kHz mono) after whatever is still queued. */
  play(pcm: Int16Array): void {
    const next = new Int16Array(this.pending.length + pcm.length);
    next.set(this.pending);
    next.set(pcm, this.pending.length);
    this.pending = next;
  }

  get pendingMs(): number {
    return this.pending.length / 48;
  }

  hangUpFromCaller(): void {
    this.events.emit("disconnected", "caller hung up");
  }

  pressDigit(digit: string): void {
    this.events.emit("dtmf", digit);
  }

  /** Everything the session sent, joined. */
  received(): Int16Array {
    const out = new Int16Array(this.sent.length * 480);
    for (const [i, frame] of this.sent.entries()) out.set(frame, i * 480);
    return out;
  }

  /** Milliseconds of sent audio louder than about -40 dBFS, counted per 10 ms frame. */
  audibleMs(): number {
    let frames = 0;
    for (const frame of this.sent) {
      let energy = 0;
      for (const s of frame) energy += s * s;
      if (Math.sqrt(energy / frame.length) > 330) frames++;
    }
    return frames * 10;
  }

  private tick(): void {
    if (this.closed) return;
    const take = Math.min(480, this.pending.length);
    this.frame.fill(0);
    this.frame.set(this.pending.subarray(0, take));
    this.pending = this.pending.subarray(take);
    this.framesIn++;
    this.events.emit("audio", this.frame);
  }
}
