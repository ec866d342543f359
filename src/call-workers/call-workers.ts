import type {
  HostedModel,
  HostedSessionRequest,
  LiveCallSession,
  SessionHost,
} from "../calls/live-session";
import type { MediaChannel } from "../config/capacity-settings";
import type { AgentConfig } from "../domain/agent-config";
import type { CallChannel } from "../domain/call";
import type { Logger, LogLevel } from "../log/logger";
import type { AnswerOffer, MediaLeg, PlaceOffer } from "../media/media-leg";
import type { WebRtcOptions } from "../media/webrtc/answer-offer";
import type { HistogramSeries } from "../metrics/exposition";
import type { ModelSettings } from "../models/model-settings";
import type { CallTrace } from "../tracing/tracing";
import { HostedCalls } from "./hosted-calls";
import type { WorkerSetup } from "./protocol";
import { RemoteCallSession } from "./remote-session";
import { sessionSpecOf } from "./session-spec";
import { WorkerMediaLeg } from "./worker-media-leg";
import { WorkerModel, workerOfOpening } from "./worker-model";
import { CallWorkerThread, type WorkerThreadOptions } from "./worker-thread";

/** The channels whose media legs the workers make: WebRTC answers and offers (browser, WhatsApp). */
const HOSTED_CHANNELS: ReadonlySet<CallChannel> = new Set(["web", "whatsapp_cloud", "wati"]);

export interface CallWorkersOptions {
  count: number;
  model: WorkerSetup["model"];
  logLevel: LogLevel;
  log: Logger;
  /** Options of each new peer connection (ICE servers, port range, announced address, levers). */
  peerOptions: (channel: MediaChannel) => WebRtcOptions;
  /** Where each worker's event-loop lag goes (GET /metrics), by the worker's index. */
  loopLag?: (index: number) => Pick<HistogramSeries, "add">;
  /** Where each worker writes its event-loop wait (the call benchmark's probe file). */
  lagFile?: string;
}

/**
 * Worker threads that run calls (CALL_WORKERS): each owns the media legs it answered or offered,
 * and the sessions, model legs and audio clock of those calls. A new call goes to the worker
 * with the fewest. The HTTP edge, storage, tools and knowledge stay on this thread. A worker
 * that stops ends its calls (with `error`) and another takes its place.
 */
export class CallWorkers implements SessionHost {
  private readonly workers: CallWorkerThread[] = [];
  private readonly hosted: HostedCalls;

  private constructor(private options: CallWorkersOptions) {
    this.hosted = new HostedCalls(options.log);
  }

  static async start(options: CallWorkersOptions): Promise<CallWorkers> {
    const pool = new CallWorkers(options);
    for (let index = 0; index < options.count; index++)
      pool.workers.push(await CallWorkerThread.start(index, pool.hosted, pool.threadOptions()));
    return pool;
  }

  private threadOptions(): WorkerThreadOptions {
    return {
      setup: () => ({
        model: this.options.model,
        logLevel: this.options.logLevel,
        ...(this.options.lagFile && { lagFile: this.options.lagFile }),
      }),
      log: () => this.options.log,
      loopLag: (index) => this.options.loopLag?.(index),
      failed: (worker) => this.replace(worker),
    };
  }

  /**
   * Points the running workers at another model, logger, peer options and metrics (test
   * harnesses that share one set of workers); calls already running keep what they had.
   */
  async reconfigure(options: Omit<CallWorkersOptions, "count" | "lagFile">): Promise<void> {
    this.options = { ...this.options, ...options };
    this.hosted.log = options.log;
    await Promise.all(
      this.workers
        .filter((worker) => worker.accepting)
        .map((worker) =>
          worker.rpc.call("setup", {
            model: options.model,
            logLevel: options.logLevel,
            index: worker.index,
          }),
        ),
    );
  }

  get count(): number {
    return this.workers.length;
  }

  /** The thread of worker `index` (what a test kills to see its calls end). */
  threadOf(index: number): Worker | undefined {
    return this.workers[index]?.thread;
  }

  /** A worker failed: a new one starts in its place. */
  private replace(worker: CallWorkerThread): void {
    if (this.workers[worker.index] !== worker) return;
    const { log } = this.options;
    CallWorkerThread.start(worker.index, this.hosted, this.threadOptions()).then(
      (fresh) => {
        this.workers[worker.index] = fresh;
        log.info("call worker started", { worker: worker.index });
      },
      (error: unknown) => log.error("call worker could not be started", { error }),
    );
  }

  /** The worker a new call goes to: the one its model was opened on, or the least loaded. */
  private pick(): CallWorkerThread {
    const opening = workerOfOpening();
    if (opening instanceof CallWorkerThread && opening.accepting) return opening;
    let best: CallWorkerThread | undefined;
    for (const worker of this.workers)
      if (worker.accepting && (!best || worker.load < best.load)) best = worker;
    if (!best) throw new Error("no call worker is running");
    return best;
  }

  private adopt(worker: CallWorkerThread, legId: number): WorkerMediaLeg {
    const leg = new WorkerMediaLeg(worker, legId, (reason) =>
      worker.rpc.call("closeLeg", { legId, ...(reason !== undefined && { reason }) }),
    );
    worker.legs.set(legId, leg);
    return leg;
  }

  /** Answers a caller's offer with a leg on one of the workers. */
  answerOffer(channel: MediaChannel): AnswerOffer {
    return async (sdp) => {
      const worker = this.pick();
      const { legId, answerSdp } = await worker.rpc.call("answerOffer", {
        sdp,
        options: this.options.peerOptions(channel),
      });
      return { leg: this.adopt(worker, legId), answerSdp };
    };
  }

  /** Places our own offer from one of the workers. */
  createOffer(channel: MediaChannel): PlaceOffer {
    return async () => {
      const worker = this.pick();
      const { legId, offerSdp } = await worker.rpc.call("createOffer", {
        options: this.options.peerOptions(channel),
      });
      return {
        leg: this.adopt(worker, legId),
        offerSdp,
        applyAnswer: (sdp) => worker.rpc.call("applyAnswer", { legId, sdp }),
      };
    };
  }

  serves(channel: CallChannel): boolean {
    return HOSTED_CHANNELS.has(channel);
  }

  hosts(leg: MediaLeg): boolean {
    return leg instanceof WorkerMediaLeg;
  }

  openModel(call: {
    id: string;
    tenantId: string;
    config: AgentConfig;
    settings: ModelSettings;
    trace: CallTrace;
  }): HostedModel {
    const worker = this.pick();
    const { id, trace, ...opened } = call;
    const spec = { ...opened, logFields: trace.logFields };
    this.hosted.traceTo(id, trace);
    this.sendModel(worker, id, spec);
    return new WorkerModel(id, worker, spec, () => this.hosted.untrace(id));
  }

  private sendModel(worker: CallWorkerThread, callId: string, spec: WorkerModel["spec"]): void {
    // A failure shows when the session starts: it finds no model and the call ends.
    worker.rpc.call("openModel", { callId, ...spec }).catch((error: unknown) => {
      this.options.log.warn("call worker could not open the model", { callId, error });
    });
  }

  /** Runs the call's session on the worker that holds its media leg. */
  start(request: HostedSessionRequest): LiveCallSession {
    const leg = request.leg;
    if (!(leg instanceof WorkerMediaLeg)) throw new Error("the leg is not on a call worker");
    const { worker } = leg;
    const model = request.model as WorkerModel;
    model.taken();
    if (model.worker !== worker) {
      // The media was made elsewhere (its worker stopped meanwhile): the model follows it.
      void model.worker.closeModel(request.id, "moved").catch(() => {});
      this.sendModel(worker, request.id, model.spec);
    }
    const session = new RemoteCallSession(request.id, worker.rpc);
    this.hosted.add({ request, session, worker });
    worker.rpc.call("startSession", sessionSpecOf(request, leg.legId)).catch((error: unknown) => {
      // The session never ran: the call ends here.
      request.log.error("call worker could not start the session", { error });
      void this.hosted.endHere(request.id, "error");
    });
    return session;
  }
}
