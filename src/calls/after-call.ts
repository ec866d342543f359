import type { AgentConfig } from "../domain/agent-config";
import type { CallChannel, CallDirection, EndReason } from "../domain/call";
import type { Logger } from "../log/logger";
import { tracing } from "../tracing/tracing";
import type { BackgroundTasks } from "./background-tasks";

/** A call that has ended, with its records written, as the after-call steps see it. */
export interface EndedCall {
  id: string;
  tenantId: string;
  agentId: string;
  agentVersion: number;
  channel: CallChannel;
  direction: CallDirection;
  /** The agent configuration that answered (published version or draft). */
  config: AgentConfig;
  reason: EndReason;
}

/**
 * One piece of work on a call's records after it ended (the final transcript, the recording,
 * the analysis). Steps run one after another in the order given, so a later step can use an
 * earlier one's result; a failed step is logged and the next still runs. A step must be safe
 * to run twice for the same call.
 */
export interface AfterCallStep {
  readonly name: string;
  run(call: EndedCall): Promise<void>;
}

/** Runs the after-call steps of each ended call as background work (shutdown waits for it). */
export class AfterCall {
  constructor(
    private readonly steps: readonly AfterCallStep[],
    private readonly background: BackgroundTasks,
    private readonly log: Logger,
    /** Told how long each step took (GET /metrics). */
    private readonly timeStep?: (step: string, seconds: number, ok: boolean) => void,
  ) {}

  callEnded(call: EndedCall): void {
    if (this.steps.length === 0) return;
    this.background.run(this.runSteps(call));
  }

  private async runSteps(call: EndedCall): Promise<void> {
    for (const step of this.steps) {
      const started = performance.now();
      let ok = true;
      try {
        await tracing().span(`after_call.${step.name}`, () => step.run(call));
      } catch (error) {
        ok = false;
        this.log.error("after-call step failed", { callId: call.id, step: step.name, error });
      }
      this.timeStep?.(step.name, (performance.now() - started) / 1000, ok);
    }
  }
}
