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

/**
 * Runs the after-call steps of each ended call as background work (shutdown waits for it). A
 * call whose conversation was deleted gets no further steps, and a deletion is refused while a
 * step runs (see `finishing`), so nothing is written back after it.
 */
export class AfterCall {
  private readonly running = new Set<string>();

  constructor(
    private readonly steps: readonly AfterCallStep[],
    private readonly background: BackgroundTasks,
    private readonly log: Logger,
    /** Told how long each step took (GET /metrics). */
    private readonly timeStep?: (step: string, seconds: number, ok: boolean) => void,
    /** False once the call's conversation was deleted. */
    private readonly stillWanted: (callId: string) => Promise<boolean> = async () => true,
  ) {}

  callEnded(call: EndedCall): void {
    if (this.steps.length === 0) return;
    this.running.add(call.id);
    this.background.run(
      this.runSteps(call).finally(() => {
        this.running.delete(call.id);
      }),
    );
  }

  /** True while this machine is still finishing the call's records. */
  finishing(callId: string): boolean {
    return this.running.has(callId);
  }

  private async runSteps(call: EndedCall): Promise<void> {
    for (const step of this.steps) {
      if (!(await this.stillWanted(call.id).catch(() => true))) return;
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
