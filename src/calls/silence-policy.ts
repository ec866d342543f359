/**
 * What to do when the caller goes quiet: after `timeoutMs` of silence following the agent's
 * turn, prompt them (up to `maxRetries` times), then say goodbye and hang up. Any sound from
 * the caller starts the count again.
 */
export interface SilenceActions {
  prompt(attempt: number): void;
  giveUp(): void;
}

export class SilencePolicy {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private prompts = 0;
  private stopped = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly maxRetries: number,
    private readonly actions: SilenceActions,
  ) {}

  /** The agent finished speaking: the caller's silence starts counting now. */
  agentFinished(): void {
    this.arm();
  }

  /** The agent is speaking: silence does not count while it talks. */
  agentSpeaking(): void {
    this.disarm();
  }

  /** The caller spoke: the prompts so far are forgotten. */
  callerSpoke(): void {
    this.prompts = 0;
    this.disarm();
  }

  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  private arm(): void {
    this.disarm();
    if (this.stopped) return;
    this.timer = setTimeout(() => this.expire(), this.timeoutMs);
  }

  private disarm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private expire(): void {
    this.timer = null;
    if (this.stopped) return;
    if (this.prompts < this.maxRetries) {
      this.prompts++;
      this.actions.prompt(this.prompts);
    } else {
      this.stopped = true;
      this.actions.giveUp();
    }
  }
}
