// A call worker thread: it owns a share of the machine's calls, each one's media leg, model
// leg, session and audio clock; storage, tools and knowledge stay on the main thread.

import { CallSession } from "../calls/call-session";
import { MonotonicFrameClock } from "../calls/frame-clock";
import { KnowledgeTurns } from "../calls/knowledge-turns";
import { Logger } from "../log/logger";
import type { MediaLeg } from "../media/media-leg";
import { answerWebRtcOffer } from "../media/webrtc/answer-offer";
import { createWebRtcOffer } from "../media/webrtc/create-offer";
import { EVENT_LOOP_LAG_BUCKETS, sampleEventLoopLag } from "../metrics/event-loop-lag";
import { HistogramSeries } from "../metrics/exposition";
import type { ModelLeg } from "../models/model-leg";
import { modelLegFactory } from "../startup/model-legs";
import { modelTraceEvents } from "../tracing/model-trace-events";
import { traceToolsOf } from "../tracing/tracing";
import { OpenAIRetranscriber } from "../transcripts/retranscriber";
import { startLoopLagFile } from "./loop-lag-file";
import type { ModelSpec, SessionSpec, WorkerApi, WorkerSetup } from "./protocol";
import { type MessageEnd, Rpc } from "./rpc";
import {
  abilitiesOnMain,
  BatchedTap,
  ForwardedRetranscriptions,
  knowledgeOnMain,
  type MainLink,
  recordsOnMain,
  toolboxOnMain,
} from "./worker-ports";
import { retireOnFailure } from "./worker-stop";

declare const self: MessageEnd;

let setup: WorkerSetup | null = null;
let log = new Logger("info");
const legs = new Map<number, MediaLeg>();
const answers = new Map<number, (sdp: string) => Promise<void>>();
const sessions = new Map<string, CallSession>();
/** Model legs opened for calls whose sessions have not started yet. */
const models = new Map<string, { model: ModelLeg; connection: Promise<void>; log: Logger }>();
let nextLeg = 1;
const clock = new MonotonicFrameClock(
  () => performance.now(),
  (skippedFrames) => log.warn("audio clock stalled", { skippedFrames }),
  (error) => log.error("call audio tick failed", { error }),
);

/** Keeps a new leg and tells the main thread how it goes. */
function adopt(leg: MediaLeg): number {
  const legId = nextLeg++;
  legs.set(legId, leg);
  leg.on("connected", () => rpc.note("leg", { legId, event: "connected" }));
  leg.on("disconnected", (reason) => rpc.note("leg", { legId, event: "disconnected", reason }));
  leg.on("closed", () => {
    legs.delete(legId);
    answers.delete(legId);
    rpc.note("leg", { legId, event: "closed" });
  });
  return legId;
}

function session(callId: string): CallSession {
  const found = sessions.get(callId);
  if (!found) throw new Error("no such call on this worker");
  return found;
}

/** Opens a call's model leg (connecting at once), its events reported for the call's trace. */
function openModel(spec: ModelSpec): void {
  if (!setup) throw new Error("worker not set up");
  const { callId } = spec;
  const callLog = log.child({ callId, tenantId: spec.tenantId, ...spec.logFields });
  const { openai, gemini, ...legOptions } = setup.model;
  const model = modelLegFactory(
    { openai, gemini },
    { ...legOptions, logger: callLog },
  )(spec.config);
  const at = () => performance.timeOrigin + performance.now();
  modelTraceEvents(model, (event) => rpc.note("trace", { callId, event, at: at() }));
  traceToolsOf(model, {
    toolFinished: (toolCallId, status) =>
      rpc.note("trace", { callId, event: { kind: "tool_finished", toolCallId, status }, at: at() }),
  });
  const connection = model.connect(spec.settings);
  connection.catch(() => {});
  models.set(callId, { model, connection, log: callLog });
}

function startSession(spec: SessionSpec): void {
  if (!setup) throw new Error("worker not set up");
  const media = legs.get(spec.legId);
  if (!media) throw new Error("the call's media leg is gone");
  const { callId } = spec;
  const opened = models.get(callId);
  if (!opened) throw new Error("the call's model was not opened on this worker");
  models.delete(callId);
  const { model, connection: modelConnection, log: callLog } = opened;
  const knowledge = spec.tools.knowledge ? knowledgeOnMain(rpc, callId) : undefined;
  const { collections, topK, turnBudgetMs } = spec.config.knowledge;
  const knowledgeTurns =
    spec.knowledgeTurns && knowledge
      ? new KnowledgeTurns({
          model,
          search: (query, signal) =>
            knowledge.search({
              tenantId: spec.tenantId,
              collectionIds: collections,
              query,
              limit: topK,
              signal,
            }),
          budgetMs: turnBudgetMs,
          transcriptWaitMs: spec.knowledgeTurns.transcriptWaitMs,
        })
      : undefined;
  const call = new CallSession({
    id: callId,
    config: spec.config,
    context: spec.context,
    media,
    model,
    modelConnection,
    clock,
    records: recordsOnMain(rpc, callId),
    log: callLog,
    tools: {
      tenantId: spec.tenantId,
      external: spec.tools.external ? toolboxOnMain(rpc, callId, spec.tools.external) : undefined,
      knowledge,
      abilities: abilitiesOnMain(rpc, callId, spec.tools.abilities),
      cue: spec.tools.cue,
    },
    ...(knowledgeTurns && { knowledgeTurns }),
    ...(spec.transcripts && {
      transcripts: {
        ...spec.transcripts,
        retranscriber: new OpenAIRetranscriber({
          apiKey: setup.model.openai.apiKey,
          baseUrl: setup.model.openai.baseUrl,
        }),
        pending: retranscriptions,
      },
    }),
    ...(spec.connectTimeoutMs !== undefined && { connectTimeoutMs: spec.connectTimeoutMs }),
    recorder: spec.recording ? new BatchedTap(rpc, callId) : null,
  });
  sessions.set(callId, call);
  callLog.info("call runs on a call worker", { worker: setup.index });
  const forward = (name: "phase" | "transcript" | "turn" | "greeting" | "dtmf") =>
    call.events.on(name, (...args: unknown[]) => {
      if (name === "turn") rpc.note("stats", { callId, summary: call.metrics.summary() });
      rpc.note("event", { callId, name, args });
    });
  for (const name of ["phase", "transcript", "turn", "greeting", "dtmf"] as const) forward(name);
  void call.ended.then((reason) => {
    sessions.delete(callId);
    rpc.note("stats", { callId, summary: call.metrics.summary() });
    const totalTokens = model.usage.totalTokens;
    rpc.note("event", { callId, name: "ended", args: [{ reason }], totalTokens });
  });
  call.start();
}

const handlers: WorkerApi = {
  setup(arg) {
    setup = arg;
    log = new Logger(arg.logLevel, { worker: arg.index }, (line) => rpc.note("log", { line }));
    if (arg.lagFile) startLoopLagFile(`${arg.lagFile}.worker${arg.index}`);
  },
  async answerOffer({ sdp, options }) {
    const { leg, answerSdp } = await answerWebRtcOffer(sdp, options);
    return { legId: adopt(leg), answerSdp };
  },
  async createOffer({ options }) {
    const offer = await createWebRtcOffer(options);
    const legId = adopt(offer.leg);
    answers.set(legId, offer.applyAnswer);
    return { legId, offerSdp: offer.offerSdp };
  },
  async applyAnswer({ legId, sdp }) {
    const apply = answers.get(legId);
    if (!apply) throw new Error("no offer waits for an answer on this leg");
    await apply(sdp);
  },
  async closeLeg({ legId, reason }) {
    await legs.get(legId)?.close(reason);
  },
  openModel,
  async closeModel({ callId, reason }) {
    const opened = models.get(callId);
    models.delete(callId);
    await opened?.model.close(reason);
  },
  startSession,
  async hangUp({ callId, reason }) {
    await sessions.get(callId)?.hangUp(reason);
  },
  async endWithGoodbye({ callId, reason, maxWaitMs }) {
    await sessions.get(callId)?.endWithGoodbye(reason, maxWaitMs);
  },
  expectMediaWithin({ callId, ms }) {
    session(callId).expectMediaWithin(ms);
  },
};

const rpc: MainLink = new Rpc(self, handlers);
const retranscriptions = new ForwardedRetranscriptions(rpc);
const lagBounds = Float64Array.from(EVENT_LOOP_LAG_BUCKETS);
let lag = new HistogramSeries(lagBounds);
const stopLag = sampleEventLoopLag({ observe: (seconds) => lag.observe(seconds) });
// Once a second: each call's figures (its playout underruns, for /metrics while it lasts) and
// this thread's event-loop lag since the last report.
const reports = setInterval(() => {
  for (const [callId, call] of sessions)
    rpc.note("stats", { callId, summary: call.metrics.summary() });
  const { counts, sum, count } = lag;
  if (count === 0) return;
  rpc.note("lag", { counts, sum, count }, [counts.buffer]);
  lag = new HistogramSeries(lagBounds);
}, 1000);
retireOnFailure({
  failing: (error) => rpc.note("failing", { error }),
  endCalls: () => Promise.allSettled([...sessions.values()].map((call) => call.hangUp("error"))),
  closeLegs: () =>
    Promise.allSettled([
      ...[...legs.values()].map((leg) => leg.close("error")),
      ...[...models.values()].map(({ model }) => model.close("error")),
    ]),
  retired: () => {
    clearInterval(reports);
    stopLag();
    rpc.note("retired", {});
  },
});
// The WebRTC addon is loaded by now (the imports above): the next worker may load it.
rpc.note("ready", {});
