import { AsyncLocalStorage } from "node:async_hooks";
import type { HostedModel } from "../calls/live-session";
import type { AgentConfig } from "../domain/agent-config";
import type { ModelSettings } from "../models/model-settings";

/** The worker thread a call's model was opened on, as the main thread sees it. */
export interface ModelOnWorker {
  /** Calls whose model was opened there and whose session has not started yet. */
  opening: number;
  closeModel(callId: string, reason: string): Promise<void>;
}

/**
 * The media opened inside `openMedia` is made on the worker chosen here: the answer or offer
 * functions the routes and the WhatsApp engine were handed read it from this context, so they
 * need not know about workers.
 */
const opening = new AsyncLocalStorage<WorkerModel>();

/** The worker a call's media should be made on, when it is opened for a call's model. */
export function workerOfOpening(): ModelOnWorker | undefined {
  return opening.getStore()?.worker;
}

/**
 * A call's model leg opened on a call worker before its media, so both connect together; the
 * media is then made on the same worker, where the call's session will run.
 */
export class WorkerModel implements HostedModel {
  private settled = false;

  constructor(
    readonly callId: string,
    readonly worker: ModelOnWorker,
    /** What the model was opened with, in case it must be opened again on another worker. */
    readonly spec: {
      tenantId: string;
      config: AgentConfig;
      settings: ModelSettings;
      logFields: Readonly<Record<string, string>>;
    },
    /** Told when the model closes before any session took it. */
    private readonly onClosed: () => void,
  ) {
    worker.opening++;
  }

  openMedia<T>(open: () => Promise<T>): Promise<T> {
    return opening.run(this, open);
  }

  /** The call's session takes the model over. */
  taken(): void {
    this.settle();
  }

  async close(reason: string): Promise<void> {
    if (!this.settle()) return;
    this.onClosed();
    await this.worker.closeModel(this.callId, reason);
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.worker.opening--;
    return true;
  }
}
