import type { HostedSessionRequest, LiveCallSession, SessionHost } from "../calls/live-session";
import type { MediaChannel } from "../config/capacity-settings";
import type { Logger, LogLevel } from "../log/logger";
import type { AnswerOffer, MediaLeg, PlaceOffer } from "../media/media-leg";
import type { WebRtcOptions } from "../media/webrtc/answer-offer";
import { HostedCalls, timeoutsOf } from "./hosted-calls";
import type { WorkerApi, WorkerNotes, WorkerSetup } from "./protocol";
import { RemoteCallSession } from "./remote-session";
import { type Handlers, Rpc } from "./rpc";
import { WorkerMediaLeg } from "./worker-media-leg";

type WorkerLink = Rpc<Handlers, WorkerApi, WorkerNotes>;

/** Worker starts anywhere in the process go one at a time (see CallWorkers.start). */
let startQueue: Promise<unknown> = Promise.resolve();

interface CallWorker {
  thread: Worker;
  rpc: WorkerLink;
  legs: Map<number, WorkerMediaLeg>;
}

export interface CallWorkersOptions {
  count: number;
  model: WorkerSetup["model"];
  logLevel: LogLevel;
  log: Logger;
  /** Options of each new peer connection (ICE servers, port range, announced address, levers). */
  peerOptions: (channel: MediaChannel) => WebRtcOptions;
  /** Where each worker writes its event-loop wait (the call benchmark's probe file). */
  lagFile?: string;
}

/**
 * Worker threads that run calls (CALL_WORKERS): each owns the media legs it answered or offered,
 * and the sessions, model legs and audio clock of those calls. A new leg goes to the worker with
 * the fewest. The HTTP edge, storage, tools and knowledge stay on this thread.
 */
export class CallWorkers implements SessionHost {
  private readonly hosted: HostedCalls;

  private constructor(
    private readonly workers: CallWorker[],
    private options: CallWorkersOptions,
    hosted: HostedCalls,
  ) {
    this.hosted = hosted;
  }

  /**
   * Starts the workers one after another: each loads the WebRTC addon, which crashes the
   * process when two threads load it at the same moment.
   */
  static start(options: CallWorkersOptions): Promise<CallWorkers> {
    const started = startQueue.then(() => CallWorkers.startEach(options));
    startQueue = started.catch(() => {});
    return started;
  }

  private static async startEach(options: CallWorkersOptions): Promise<CallWorkers> {
    const hosted = new HostedCalls(options.log);
    const workers: CallWorker[] = [];
    for (let index = 0; index < options.count; index++) {
      const thread = new Worker(new URL("./call-worker-entry.ts", import.meta.url).href, {
        ref: false,
      } as WorkerOptions);
      const rpc: WorkerLink = new Rpc(thread, hosted.api as unknown as Handlers);
      const worker: CallWorker = { thread, rpc, legs: new Map() };
      const ready = new Promise<void>((resolve, reject) => {
        rpc.onNote("ready", () => resolve());
        thread.addEventListener("error", (event) => reject(new Error(event.message)), {
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
      rpc.onNote("retranscription", (note) => hosted.retranscription(note));
      thread.addEventListener("error", (event) =>
        options.log.error("call worker failed", { worker: index, error: event.message }),
      );
      await ready;
      await rpc.call("setup", {
        model: options.model,
        logLevel: options.logLevel,
        index,
        ...(options.lagFile && { lagFile: options.lagFile }),
      });
      workers.push(worker);
    }
    return new CallWorkers(workers, options, hosted);
  }

  /**
   * Points the running workers at another model, logger and peer options (test harnesses that
   * share one set of workers); calls already running keep what they had.
   */
  async reconfigure(options: Omit<CallWorkersOptions, "count" | "lagFile">): Promise<void> {
    this.options = { ...this.options, ...options };
    this.hosted.log = options.log;
    await Promise.all(
      this.workers.map((worker, index) =>
        worker.rpc.call("setup", { model: options.model, logLevel: options.logLevel, index }),
      ),
    );
  }

  get count(): number {
    return this.workers.length;
  }

  /** The worker with the fewest media legs. */
  private pick(): { worker: CallWorker; index: number } {
    let index = 0;
    this.workers.forEach((worker, i) => {
      if (worker.legs.size < (this.workers[index]?.legs.size ?? 0)) index = i;
    });
    const worker = this.workers[index];
    if (!worker) throw new Error("no call workers");
    return { worker, index };
  }

  private adopt(worker: CallWorker, index: number, legId: number): WorkerMediaLeg {
    const leg = new WorkerMediaLeg(index, legId, (reason) =>
      worker.rpc.call("closeLeg", { legId, ...(reason !== undefined && { reason }) }),
    );
    worker.legs.set(legId, leg);
    return leg;
  }

  /** Answers a caller's offer with a leg on one of the workers. */
  answerOffer(channel: MediaChannel): AnswerOffer {
    return async (sdp) => {
      const { worker, index } = this.pick();
      const { legId, answerSdp } = await worker.rpc.call("answerOffer", {
        sdp,
        options: this.options.peerOptions(channel),
      });
      return { leg: this.adopt(worker, index, legId), answerSdp };
    };
  }

  /** Places our own offer from one of the workers. */
  createOffer(channel: MediaChannel): PlaceOffer {
    return async () => {
      const { worker, index } = this.pick();
      const { legId, offerSdp } = await worker.rpc.call("createOffer", {
        options: this.options.peerOptions(channel),
      });
      return {
        leg: this.adopt(worker, index, legId),
        offerSdp,
        applyAnswer: (sdp) => worker.rpc.call("applyAnswer", { legId, sdp }),
      };
    };
  }

  hosts(leg: MediaLeg): boolean {
    return leg instanceof WorkerMediaLeg;
  }

  /** Runs the call's session on the worker that holds its media leg. */
  start(request: HostedSessionRequest): LiveCallSession {
    const leg = request.leg;
    if (!(leg instanceof WorkerMediaLeg)) throw new Error("the leg is not on a call worker");
    const worker = this.workers[leg.worker];
    if (!worker) throw new Error("no such call worker");
    const session = new RemoteCallSession(request.id, worker.rpc);
    this.hosted.add({ request, session });
    const { tools } = request;
    const external = tools.external;
    worker.rpc
      .call("startSession", {
        callId: request.id,
        tenantId: tools.tenantId,
        legId: leg.legId,
        config: request.config,
        context: request.context,
        settings: request.settings,
        ...(request.connectTimeoutMs !== undefined && {
          connectTimeoutMs: request.connectTimeoutMs,
        }),
        ...(request.transcripts && {
          transcripts: {
            confidenceThreshold: request.transcripts.confidenceThreshold,
            ...(request.transcripts.language && { language: request.transcripts.language }),
          },
        }),
        tools: {
          external: external
            ? { declared: external.declared, timeouts: timeoutsOf(external, external.declared) }
            : null,
          knowledge: tools.knowledge !== undefined,
          abilities: {
            sendText: tools.abilities.sendText !== undefined,
            transfer: tools.abilities.transfer !== undefined,
          },
          ...(tools.cue && { cue: tools.cue }),
        },
        ...(request.knowledgeTurns && { knowledgeTurns: request.knowledgeTurns }),
        recording: request.recorder !== null,
      })
      .catch(async (error: unknown) => {
        // The session never ran: its record ends here, and so does the call.
        request.log.error("call worker could not start the session", { error });
        request.recorder?.stop();
        await Promise.allSettled([leg.close("error"), external?.close()]);
        await request.records
          .end(request.id, { reason: "error", usage: {}, metrics: session.metrics.summary() })
          .catch(() => {});
        session.receive("ended", [{ reason: "error" }]);
      });
    return session;
  }

  /** Stops every worker (their calls end with them). */
  async close(): Promise<void> {
    for (const worker of this.workers) worker.thread.terminate();
  }
}
