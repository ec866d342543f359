import type { CallEvents, CallPhase } from "../calls/call-events";
import type { LiveCallSession } from "../calls/live-session";
import { TurnMetrics } from "../calls/turn-metrics";
import type { CallMetrics, EndReason } from "../domain/call";
import { TypedEmitter } from "../events/typed-emitter";
import type { WorkerApi } from "./protocol";
import type { Handlers, Notes, Rpc } from "./rpc";

type WorkerLink = Rpc<Handlers, WorkerApi, Notes>;

/** A call's figures as its worker last reported them. */
class ReportedFigures {
  latest: CallMetrics = new TurnMetrics().summary();

  summary(): CallMetrics {
    return this.latest;
  }

  get underruns(): number {
    return this.latest.playoutUnderruns;
  }
}

/**
 * A call whose session runs on a call worker, as the main thread sees it: its events, phase and
 * figures as the worker reports them, and hang-ups passed on to it.
 */
export class RemoteCallSession implements LiveCallSession {
  readonly events = new TypedEmitter<CallEvents>();
  private phaseNow: CallPhase = "connecting";
  private readonly startedAt = performance.now();
  private resolveEnded: (reason: EndReason) => void = () => {};
  readonly ended = new Promise<EndReason>((resolve) => {
    this.resolveEnded = resolve;
  });
  readonly metrics = new ReportedFigures();

  constructor(
    readonly id: string,
    private readonly worker: WorkerLink,
  ) {}

  get phase(): CallPhase {
    return this.phaseNow;
  }

  get offsetMs(): number {
    return performance.now() - this.startedAt;
  }

  async hangUp(reason: EndReason): Promise<EndReason> {
    await this.worker.call("hangUp", { callId: this.id, reason }).catch(() => {});
    return this.ended;
  }

  async endWithGoodbye(reason: EndReason, maxWaitMs: number): Promise<EndReason> {
    await this.worker
      .call("endWithGoodbye", { callId: this.id, reason, maxWaitMs })
      .catch(() => {});
    return this.ended;
  }

  expectMediaWithin(ms: number): void {
    this.worker.call("expectMediaWithin", { callId: this.id, ms }).catch(() => {});
  }

  totalTokens?: number;

  tokensUsed(total: number): void {
    this.totalTokens = total;
  }

  /** The worker's latest figures for the call. */
  updateFigures(summary: CallMetrics): void {
    this.metrics.latest = summary;
  }

  /** An event of the worker's session, emitted here in the order it happened there. */
  receive(name: keyof CallEvents, args: unknown[]): void {
    if (name === "phase") this.phaseNow = args[0] as CallPhase;
    (this.events.emit as (name: string, ...args: unknown[]) => void)(name, ...args);
    if (name === "ended") {
      this.events.removeAllListeners();
      this.resolveEnded((args[0] as { reason: EndReason }).reason);
    }
  }
}
