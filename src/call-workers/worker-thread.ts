import type { Logger } from "../log/logger";
import type { HistogramSeries } from "../metrics/exposition";
import type { HostedCalls } from "./hosted-calls";
import type { WorkerApi, WorkerNotes, WorkerSetup } from "./protocol";
import { type Handlers, Rpc } from "./rpc";
import type { WorkerMediaLeg } from "./worker-media-leg";
import type { ModelOnWorker } from "./worker-model";

type WorkerLink = Rpc<Handlers, WorkerApi, WorkerNotes>;

/** A failed worker that has not retired by then is taken as gone. */
const RETIRE_WITHIN_MS = 5000;

/** Worker starts anywhere in the process go one at a time (see CallWorkerThread.start). */
let startQueue: Promise<unknown> = Promise.resolve();

export interface WorkerThreadOptions {
  setup: () => Omit<WorkerSetup, "index">;
  log: () => Logger;
  /** Where the worker's event-loop lag goes (GET /metrics), by its index. */
  loopLag: (index: number) => Pick<HistogramSeries, "add"> | undefined;
  /** The worker failed (or its thread ended): another must take its place. */
  failed: (worker: CallWorkerThread) => void;
}

/**
 * One call worker thread as the main thread holds it: its channel, the media legs it made, and
 * whether it still takes calls. What it reports goes to the hosted calls.
 */
export class CallWorkerThread implements ModelOnWorker {
  readonly legs = new Map<number, WorkerMediaLeg>();
  /** Calls whose model was opened here and whose media is still being opened. */
  opening = 0;
  /** False once it reported a failure or stopped: new calls go elsewhere. */
  accepting = true;
  private done = false;

  private constructor(
    readonly index: number,
    readonly thread: Worker,
    readonly rpc: WorkerLink,
  ) {}

  /**
   * Starts a worker and sets it up. Starts go one after another: each loads the WebRTC addon,
   * which crashes the process when two threads load it at the same moment.
   */
  static start(
    index: number,
    hosted: HostedCalls,
    options: WorkerThreadOptions,
  ): Promise<CallWorkerThread> {
    const started = startQueue.then(() => CallWorkerThread.startNow(index, hosted, options));
    startQueue = started.catch(() => {});
    return started;
  }

  private static async startNow(
    index: number,
    hosted: HostedCalls,
    options: WorkerThreadOptions,
  ): Promise<CallWorkerThread> {
    const thread = new Worker(new URL("./call-worker-entry.ts", import.meta.url).href, {
      ref: false,
    } as WorkerOptions);
    const rpc: WorkerLink = new Rpc(thread, hosted.api as unknown as Handlers);
    const worker = new CallWorkerThread(index, thread, rpc);
    const ready = new Promise<void>((resolve, reject) => {
      rpc.onNote("ready", () => resolve());
      thread.addEventListener("close", () => reject(new Error("the call worker stopped")), {
        once: true,
      });
    });
    rpc.onNote("leg", ({ legId, event, reason }) => {
      worker.legs.get(legId)?.reported(event, reason);
      if (event === "closed") worker.legs.delete(legId);
    });
    rpc.onNote("event", (note) => hosted.event(note));
    rpc.onNote("stats", (note) => hosted.stats(note));
    rpc.onNote("log", (note) => hosted.logLine(note));
    rpc.onNote("tap", (note) => hosted.tap(note));
    rpc.onNote("retranscription", (note) => hosted.retranscription(note, worker));
    rpc.onNote("trace", (note) => hosted.trace(note));
    rpc.onNote("lag", ({ counts, sum, count }) => options.loopLag(index)?.add(counts, sum, count));
    rpc.onNote("failing", ({ error }) => {
      options.log().error("call worker failed; its calls end and another worker starts", {
        worker: index,
        error,
      });
      worker.outOfService(hosted, options);
    });
    rpc.onNote("retired", () => worker.stopped(hosted));
    thread.addEventListener("close", () => {
      worker.outOfService(hosted, options);
      worker.stopped(hosted);
    });
    await ready;
    await rpc.call("setup", { ...options.setup(), index });
    return worker;
  }

  /**
   * The worker takes no more calls: the failure goes on its calls' records and another worker
   * is started. It then ends its calls itself; what it has not ended once it retires (or
   * within a few seconds) is ended here.
   */
  outOfService(hosted: HostedCalls, options: WorkerThreadOptions): void {
    if (!this.accepting) return;
    this.accepting = false;
    hosted.workerFailing(this);
    options.failed(this);
    setTimeout(() => this.stopped(hosted), RETIRE_WITHIN_MS).unref();
  }

  /** The worker has ended what it could: its legs are gone and its channel is closed. */
  stopped(hosted: HostedCalls): void {
    if (this.done) return;
    this.done = true;
    this.accepting = false;
    this.rpc.failAll(new Error("the call worker stopped"));
    for (const leg of this.legs.values()) leg.reported("closed");
    this.legs.clear();
    hosted.workerStopped(this);
  }

  /** Fewer is better: the calls it carries and those opening on it. */
  get load(): number {
    return this.legs.size + this.opening;
  }

  closeModel(callId: string, reason: string): Promise<void> {
    return this.rpc.call("closeModel", { callId, reason });
  }
}
