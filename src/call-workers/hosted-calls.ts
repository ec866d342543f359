import type { CallAudioTap } from "../calls/audio-tap";
import type { HostedSessionRequest } from "../calls/live-session";
import type { Toolbox } from "../calls/tool-port";
import type { EndReason } from "../domain/call";
import type { Logger, LogLevel } from "../log/logger";
import type { ToolSpec } from "../models/model-settings";
import type { CallTrace } from "../tracing/tracing";
import { type MainApi, RECORD_OPS, TAP_AGENT, TAP_CALLER, type WorkerNotes } from "./protocol";
import type { RemoteCallSession } from "./remote-session";

/** A call whose session runs on a worker: the ports its session reaches on this thread. */
export interface HostedCall {
  request: HostedSessionRequest;
  session: RemoteCallSession;
  /** The worker it runs on (any object standing for it). */
  worker: object;
}

/** What this thread keeps of a hosted call besides what it was given. */
interface HostedCallState extends HostedCall {
  /** The record write under way for the call, if any (its worker sends them one at a time). */
  writing: Promise<unknown>;
  /** Whether its record says its worker failed. */
  failureNoted: boolean;
  /** Whether this thread is ending it (see endHere). */
  endingHere: boolean;
}

export function timeoutsOf(toolbox: Toolbox, specs: readonly ToolSpec[]): Record<string, number> {
  const timeouts: Record<string, number> = {};
  for (const { name } of specs) {
    const ms = toolbox.timeoutMs(name);
    if (ms !== undefined) timeouts[name] = ms;
  }
  return timeouts;
}

/**
 * The main thread's side of every hosted call: what workers ask of storage, tools and
 * knowledge, and what they report (events, figures, recording audio, log lines).
 */
export class HostedCalls {
  private readonly calls = new Map<string, HostedCallState>();
  /** Each call's trace, from when its model opens on a worker until the call ends. */
  private readonly traces = new Map<string, CallTrace>();
  /** Re-transcriptions under way on workers (they may outlive their call), until reported done. */
  private readonly retranscribing = new Map<string, { worker: object; done: () => void }>();

  constructor(
    /** Where workers' log lines are written. */
    public log: Logger,
  ) {}

  add(call: HostedCall): void {
    const id = call.request.id;
    this.calls.set(id, {
      ...call,
      writing: Promise.resolve(),
      failureNoted: false,
      endingHere: false,
    });
    void call.session.ended.finally(() => {
      this.calls.delete(id);
      this.traces.delete(id);
    });
  }

  /** Where the model events of a call's worker go. */
  traceTo(callId: string, trace: CallTrace): void {
    this.traces.set(callId, trace);
  }

  untrace(callId: string): void {
    this.traces.delete(callId);
  }

  private get(callId: string): HostedCallState {
    const call = this.calls.get(callId);
    if (!call) throw new Error("no such hosted call");
    return call;
  }

  private toolbox(callId: string): Toolbox {
    const toolbox = this.get(callId).request.tools.external;
    if (!toolbox) throw new Error("the call has no external tools");
    return toolbox;
  }

  /** Requests from workers. */
  readonly api: MainApi = {
    record: async ({ callId, op, args }) => {
      if (!RECORD_OPS.includes(op)) throw new Error("unknown record operation");
      const call = this.get(callId);
      const records = call.request.records as unknown as Record<
        string,
        (...args: unknown[]) => Promise<void>
      >;
      // The call id is the first argument of every record write: it must be this call's.
      const write = records[op]?.(callId, ...args.slice(1));
      call.writing = Promise.resolve(write).catch(() => {});
      await write;
    },
    toolsListed: async ({ callId }, signal?: AbortSignal) => {
      const toolbox = this.toolbox(callId);
      const specs = await toolbox.listed(signal ?? new AbortController().signal);
      return { specs, timeouts: timeoutsOf(toolbox, specs) };
    },
    toolRun: ({ callId, name, argumentsJson }, signal?: AbortSignal) =>
      this.toolbox(callId).run(name, argumentsJson, signal ?? new AbortController().signal),
    toolsClose: async ({ callId }) => {
      await this.calls.get(callId)?.request.tools.external?.close();
    },
    knowledgeSearch: ({ callId, collectionIds, query, limit }, signal?: AbortSignal) => {
      const { request } = this.get(callId);
      const knowledge = request.tools.knowledge;
      if (!knowledge) throw new Error("the call has no knowledge");
      return knowledge.search({
        tenantId: request.tools.tenantId,
        collectionIds,
        query,
        limit,
        ...(signal && { signal }),
      });
    },
    ability: async ({ callId, name, value }, signal?: AbortSignal) => {
      const run = this.get(callId).request.tools.abilities[name];
      if (!run) throw new Error(`the call's channel cannot ${name}`);
      await run(value, signal ?? new AbortController().signal);
    },
  };

  event({ callId, name, args, totalTokens }: WorkerNotes["event"]): void {
    const session = this.calls.get(callId)?.session;
    if (totalTokens !== undefined) session?.tokensUsed(totalTokens);
    session?.receive(name, args);
  }

  stats({ callId, summary }: WorkerNotes["stats"]): void {
    this.calls.get(callId)?.session.updateFigures(summary);
  }

  /** A worker's log line, written through this thread's logger. */
  logLine({ line }: WorkerNotes["log"]): void {
    try {
      const { time: _time, level, msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const write = this.log[(level as LogLevel) ?? "info"] ?? this.log.info;
      write.call(this.log, String(msg), fields);
    } catch {
      this.log.warn("unreadable log line from a call worker");
    }
  }

  /** Replays a batch of the recording's tap on the call's recorder, in order. */
  tap(batch: WorkerNotes["tap"]): void {
    const recorder: CallAudioTap | null | undefined = this.calls.get(batch.callId)?.request
      .recorder;
    if (!recorder) return;
    let frame = 0;
    let at = 0;
    let tick = 0;
    for (const kind of batch.kinds) {
      if (kind === TAP_AGENT || kind === TAP_CALLER) {
        const length = batch.lengths[frame++] ?? 0;
        const pcm = batch.pcm.subarray(at, at + length);
        at += length;
        if (kind === TAP_AGENT) recorder.agentFrame(pcm);
        else recorder.callerFrame(pcm);
      } else recorder.tick(batch.offsets[tick++] ?? 0);
    }
    if (batch.stop) recorder.stop();
  }

  retranscription({ callId, token, done }: WorkerNotes["retranscription"], worker: object): void {
    const key = `${callId}/${token}`;
    if (done) {
      this.retranscribing.get(key)?.done();
      this.retranscribing.delete(key);
      return;
    }
    const pending = this.calls.get(callId)?.request.transcripts?.pending;
    pending?.add(
      callId,
      new Promise<void>((resolve) => this.retranscribing.set(key, { worker, done: resolve })),
    );
  }

  /** A model event of a call on a worker, for the call's trace. */
  trace({ callId, event, at }: WorkerNotes["trace"]): void {
    this.traces.get(callId)?.modelEvent(event, at);
  }

  /** A worker reported a failure and is ending its calls: their records say why. */
  workerFailing(worker: object): void {
    for (const call of this.calls.values()) if (call.worker === worker) this.noteFailure(call);
  }

  /**
   * A worker stopped: the calls it did not end are ended here, and re-transcriptions it still
   * had under way are given up, so the after-call steps do not wait for them.
   */
  workerStopped(worker: object): void {
    for (const call of [...this.calls.values()])
      if (call.worker === worker) {
        this.noteFailure(call);
        void this.endHere(call.request.id, "error");
      }
    for (const [key, pending] of this.retranscribing)
      if (pending.worker === worker) {
        pending.done();
        this.retranscribing.delete(key);
      }
  }

  private noteFailure(call: HostedCallState): void {
    if (call.failureNoted) return;
    call.failureNoted = true;
    call.request.records
      .addEvent(call.request.id, "call_worker_failed")
      .catch((error: unknown) => this.log.error("call record write failed", { error }));
  }

  /**
   * Ends a call on this thread, for a worker that cannot (its session never started, or the
   * worker stopped): the recording stops, tools close, the record ends after the write under
   * way, and the call's `ended` follows, with what comes after it (after-call work, slots).
   */
  async endHere(callId: string, reason: EndReason): Promise<void> {
    const call = this.calls.get(callId);
    if (!call || call.endingHere) return;
    call.endingHere = true;
    const { request, session } = call;
    request.recorder?.stop();
    await Promise.allSettled([request.leg.close("error"), request.tools.external?.close()]);
    await call.writing;
    await request.records
      .end(callId, { reason, usage: {}, metrics: session.metrics.summary() })
      .catch((error: unknown) => this.log.error("call record write failed", { error }));
    session.receive("ended", [{ reason }]);
  }
}
