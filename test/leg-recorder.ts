import type { ModelLeg, ModelLegEvents } from "../src/models/model-leg";

type Recorded = {
  [K in keyof ModelLegEvents]: { name: K; args: ModelLegEvents[K] };
}[keyof ModelLegEvents];

const NAMES: (keyof ModelLegEvents)[] = [
  "audio",
  "audioDone",
  "speechStarted",
  "speechStopped",
  "inputCommitted",
  "idleTimeout",
  "userTranscript",
  "assistantTranscriptDelta",
  "assistantTranscriptDone",
  "toolCall",
  "responseCreated",
  "responseDone",
  "truncated",
  "error",
  "connectionState",
  "sessionRotated",
];

/** Records every event of a leg, and waits for the n-th event of a kind (tests only). */
export class LegRecorder {
  readonly events: Recorded[] = [];
  private waiters: (() => void)[] = [];

  constructor(leg: ModelLeg) {
    for (const name of NAMES) {
      leg.on(name, (...args) => {
        this.events.push({ name, args } as Recorded);
        for (const wake of this.waiters.splice(0)) wake();
      });
    }
  }

  all<K extends keyof ModelLegEvents>(name: K): ModelLegEvents[K][0][] {
    return this.events.filter((e) => e.name === name).map((e) => e.args[0] as ModelLegEvents[K][0]);
  }

  /** Names in order, without the (many) audio and transcript-delta events. */
  timeline(): string[] {
    const noisy = new Set(["audio", "assistantTranscriptDelta"]);
    return this.events.filter((e) => !noisy.has(e.name)).map((e) => e.name);
  }

  /** Resolves with the `count`-th `name` event (1-based), waiting up to `timeoutMs`. */
  async waitFor<K extends keyof ModelLegEvents>(
    name: K,
    count = 1,
    timeoutMs = 10_000,
  ): Promise<ModelLegEvents[K][0]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.all(name);
      const hit = found[count - 1];
      if (hit !== undefined) return hit;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out waiting for ${name} #${count}; saw: ${this.timeline().join(", ")}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
