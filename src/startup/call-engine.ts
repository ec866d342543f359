import { OpenAIAnalysisModel } from "../analysis/analysis-model";
import { CallAnalyst } from "../analysis/call-analyst";
import { loadWorkingCues } from "../audio/working-cues";
import type { BlobStore } from "../blobs/blob-store";
import { CallWorkers } from "../call-workers/call-workers";
import { AfterCall } from "../calls/after-call";
import { BackgroundTasks } from "../calls/background-tasks";
import { CallRegistry } from "../calls/call-registry";
import { CallService } from "../calls/call-service";
import { MonotonicFrameClock } from "../calls/frame-clock";
import { MonthlyQuota } from "../calls/monthly-quota";
import type { Env } from "../config/env";
import type { Logger } from "../log/logger";
import { answerWebRtcOffer } from "../media/webrtc/answer-offer";
import { createWebRtcOffer } from "../media/webrtc/create-offer";
import type { GatewayMetrics } from "../metrics/gateway-metrics";
import { EgressPolicy } from "../net/egress-guard";
import { machineIdentity } from "../ownership/machine-identity";
import { Recordings } from "../recording/recordings";
import { WorkerEncoders } from "../recording/worker-encoders";
import type { SessionStore } from "../session/session-store";
import type { Stores } from "../store/stores";
import { TranscriptReadiness } from "../store/transcript-readiness";
import { ExternalToolRunner } from "../tools/tool-runner";
import { PendingRetranscriptions } from "../transcripts/pending-retranscriptions";
import { OpenAIRetranscriber } from "../transcripts/retranscriber";
import { TranscriptStep } from "../transcripts/transcript-step";
import { finishOrphans } from "./finish-orphans";
import type { Knowledge } from "./knowledge";
import { mediaNetwork } from "./media-network";
import { type ModelEndpoint, modelLegFactory, modelProviderCheck } from "./model-legs";
import { createWhatsAppEngine } from "./whatsapp-engine";

/**
 * The call engine wired to this machine: records of the previous run's calls closed, the shared
 * audio clock, the call service with its limits and tools, WebRTC media, and WhatsApp on both
 * providers.
 */
export async function createCallEngine(
  env: Env,
  stores: Stores,
  model: ModelEndpoint & { gemini?: ModelEndpoint | null },
  log: Logger,
  knowledge: Pick<Knowledge, "forAgent">,
  blobs: BlobStore,
  metrics?: GatewayMetrics,
  sessionStore?: SessionStore,
) {
  const machineId = machineIdentity().id;
  const orphans = await stores.calls.closeOrphans(machineId);
  if (orphans.length > 0)
    log.warn("closed calls left open by the previous run", { calls: orphans.length });
  const registry = new CallRegistry();
  const clock = new MonotonicFrameClock(
    () => performance.now(),
    (skippedFrames) => log.warn("audio clock stalled", { skippedFrames }),
    (error) => log.error("call audio tick failed", { error }),
  );
  const egress = EgressPolicy.allowing(env.ALLOW_PRIVATE_EGRESS);
  const tools = new ExternalToolRunner({
    egress,
    reveal: (tenantId, name) => stores.credentials.reveal(tenantId, name),
    log,
  });
  const background = new BackgroundTasks((error) => log.error("background task failed", { error }));
  const recordings = new Recordings({
    store: stores.recordings,
    blobs,
    encoders: new WorkerEncoders(),
    log,
  });
  const retranscriptions = new PendingRetranscriptions();
  const analyst = new CallAnalyst({
    calls: stores.calls,
    analyses: stores.callAnalyses,
    model: new OpenAIAnalysisModel({
      apiKey: model.apiKey,
      baseUrl: model.baseUrl,
      model: env.OPENAI_ANALYSIS_MODEL,
    }),
    log,
  });
  // Each call's records are finished in this order once it ends.
  const afterCall = new AfterCall(
    [
      new TranscriptStep(retranscriptions, new TranscriptReadiness(stores.db)),
      recordings.afterCallStep(),
      analyst,
    ],
    background,
    log,
    (step, seconds, ok) => metrics?.afterCallStep(step, seconds, ok),
    async (callId) => (await stores.calls.get(null, callId)).deletedAt === null,
  );
  // Recordings the previous run left open (their calls were just closed) become playable files;
  // then those calls get their after-call work like any other.
  background.run(
    recordings
      .closeInterrupted()
      .then((closed) => {
        if (closed > 0) log.warn("closed recordings left open by the previous run", { closed });
      })
      .then(() => finishOrphans(orphans, stores, afterCall, log)),
  );
  const modelEndpoints = {
    openai: { apiKey: model.apiKey, baseUrl: model.baseUrl },
    gemini: model.gemini ?? null,
  };
  const media = mediaNetwork(env, log);
  // CALL_WORKERS: calls run on worker threads, each owning the media legs it answers.
  const workers =
    env.CALL_WORKERS > 0
      ? await CallWorkers.start({
          count: env.CALL_WORKERS,
          model: { ...modelEndpoints, appendMs: env.MODEL_AUDIO_APPEND_MS },
          logLevel: env.LOG_LEVEL,
          log,
          peerOptions: (channel) => media.peerOptions(channel),
          ...(metrics && { loopLag: (index: number) => metrics.loopLag(index) }),
          // The call benchmark's event-loop probe: each worker measures its own loop too.
          ...(process.env.BENCH_LAG_FILE && { lagFile: process.env.BENCH_LAG_FILE }),
        })
      : null;
  const calls = new CallService({
    agents: stores.agents,
    tenants: stores.tenants,
    records: stores.calls,
    registry,
    clock,
    log,
    machineId,
    limits: {
      defaultMaxConcurrentCallsPerTenant: env.MAX_CONCURRENT_CALLS_PER_TENANT,
      maxCallsPerMachine: env.MAX_CALLS_PER_MACHINE,
      connectTimeoutMs: env.CONNECT_TIMEOUT_SECONDS * 1000,
    },
    checkModel: modelProviderCheck(modelEndpoints),
    createModelLeg: modelLegFactory(modelEndpoints, {
      logger: log,
      appendMs: env.MODEL_AUDIO_APPEND_MS,
    }),
    tools,
    cues: await loadWorkingCues(),
    knowledge: knowledge.forAgent,
    afterCall,
    transcripts: {
      retranscriber: new OpenAIRetranscriber({ apiKey: model.apiKey, baseUrl: model.baseUrl }),
      confidenceThreshold: env.TRANSCRIPT_CONFIDENCE_THRESHOLD,
      pending: retranscriptions,
    },
    quota: new MonthlyQuota(stores.usage),
    recordings,
    ...(metrics && { metrics }),
    ...(sessionStore && { sessionStore }),
    ...(workers && { sessionHost: workers }),
  });
  const browserAnswer =
    workers?.answerOffer("browser") ??
    ((sdp: string) => answerWebRtcOffer(sdp, media.peerOptions("browser")));
  const whatsapp = createWhatsAppEngine({
    stores,
    calls,
    registry,
    background,
    answerOffer:
      workers?.answerOffer("whatsapp") ??
      ((sdp: string) => answerWebRtcOffer(sdp, media.peerOptions("whatsapp"))),
    createOffer:
      workers?.createOffer("whatsapp") ?? (() => createWebRtcOffer(media.peerOptions("whatsapp"))),
    providers: {
      graphUrl: env.WHATSAPP_GRAPH_URL,
      watiBaseUrl: env.WATI_BASE_URL,
      logger: log,
      egress,
    },
    log,
    ...(sessionStore && { sessionStore }),
    permissionWaitMs: env.WHATSAPP_PERMISSION_WAIT_MINUTES * 60_000,
  });
  return {
    registry,
    calls,
    background,
    answerOffer: browserAnswer,
    egress,
    whatsapp,
    tools,
    blobs,
    recordings,
    analyst,
    afterCall,
    media,
    workers,
  };
}
