import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OpenAIAnalysisModel } from "../src/analysis/analysis-model";
import { CallAnalyst } from "../src/analysis/call-analyst";
import { createApp } from "../src/app";
import { loadWorkingCues } from "../src/audio/working-cues";
import { FileBlobStore } from "../src/blobs/file-blob-store";
import { CallWorkers } from "../src/call-workers/call-workers";
import { AfterCall } from "../src/calls/after-call";
import { BackgroundTasks } from "../src/calls/background-tasks";
import { CallRegistry } from "../src/calls/call-registry";
import { CallService } from "../src/calls/call-service";
import { MonotonicFrameClock } from "../src/calls/frame-clock";
import type { KnowledgeSearch } from "../src/calls/knowledge-port";
import { MonthlyQuota } from "../src/calls/monthly-quota";
import { EventDispatcher } from "../src/events-out/event-dispatcher";
import { CallTokens } from "../src/http/call-tokens";
import { clientAddressReader } from "../src/http/client-address";
import { createLiveKit } from "../src/livekit/livekit";
import { memoryLogger } from "../src/log/logger";
import { IceServerSource } from "../src/media/turn-credentials";
import { answerWebRtcOffer, describeMediaError } from "../src/media/webrtc/answer-offer";
import { createWebRtcOffer } from "../src/media/webrtc/create-offer";
import { GatewayMetrics } from "../src/metrics/gateway-metrics";
import { OutboxDepth } from "../src/metrics/outbox-depth";
import { EgressPolicy } from "../src/net/egress-guard";
import type { RecordingEncoders } from "../src/recording/encoders";
import { Recordings } from "../src/recording/recordings";
import { WorkerEncoders } from "../src/recording/worker-encoders";
import { RetentionSweeper } from "../src/retention/retention-sweeper";
import { MemorySessionStore } from "../src/session/memory-session-store";
import { conversationParts } from "../src/startup/conversation-parts";
import { createKnowledge } from "../src/startup/knowledge";
import { modelLegFactory, modelProviderCheck } from "../src/startup/model-legs";
import { startOwnership } from "../src/startup/ownership";
import { createWhatsAppEngine } from "../src/startup/whatsapp-engine";
import { AdminKey } from "../src/store/admin-key";
import { openDb } from "../src/store/db";
import { createStores, type Stores } from "../src/store/stores";
import { TranscriptReadiness } from "../src/store/transcript-readiness";
import { createTwilioPhone } from "../src/telephony/twilio-phone";
import { twilioRest } from "../src/telephony/twilio-rest";
import { ExternalToolRunner } from "../src/tools/tool-runner";
import { PendingRetranscriptions } from "../src/transcripts/pending-retranscriptions";
import { OpenAIRetranscriber } from "../src/transcripts/retranscriber";
import { TranscriptStep } from "../src/transcripts/transcript-step";

/** Tests say which address a request comes from with this header (a proxy's, in production). */
export const TEST_CLIENT_HEADER = "x-test-client-ip";

export const ADMIN_KEY = "av_admin_test-key-for-the-suite-0123456789";

export type { Reply, TestApi, TestApiOptions } from "./api-harness-types";

import type { TestApi, TestApiOptions } from "./api-harness-types";

let sharedEncoders: RecordingEncoders | null = null;
/** Call workers live as long as the test process: each test's harness points them at itself. */
let sharedWorkers: Promise<CallWorkers> | null = null;

function callWorkers(count: number): Promise<CallWorkers> {
  sharedWorkers ??= CallWorkers.start({
    count,
    model: { openai: { apiKey: "test", baseUrl: "http://127.0.0.1:9/v1" }, gemini: null },
    logLevel: "info",
    log: memoryLogger().logger,
    peerOptions: () => ({ iceServers: [] }),
  });
  return sharedWorkers;
}

export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const db = await openDb({ url: options.dbUrl ?? ":memory:" });
  const secretsKey = options.secretsKey ?? crypto.getRandomValues(new Uint8Array(32));
  const sessionStore = options.sessionStore ?? new MemorySessionStore();
  const stores = await createStores(db, secretsKey);
  const blobs = options.blobs ?? new FileBlobStore(mkdtempSync(join(tmpdir(), "astra-blobs-")));
  const { logger, lines } = memoryLogger(options.logLevel ?? "info");
  const registry = new CallRegistry();
  const callTokens = new CallTokens(secretsKey);
  const modelBaseUrl = options.modelBaseUrl ?? "http://127.0.0.1:9/v1";
  const egress = EgressPolicy.allowing(options.allowPrivateEgress ?? []);
  const tools = new ExternalToolRunner({
    egress,
    reveal: (tenantId, name) => stores.credentials.reveal(tenantId, name),
    log: logger,
    ...(options.toolLookup && { lookup: options.toolLookup }),
  });
  const knowledge = await createKnowledge(
    {
      OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
      EMBEDDING_MODEL: "text-embedding-3-small",
      EMBEDDING_DIMENSIONS: 512,
      KNOWLEDGE_MAX_UPLOAD_BYTES: options.knowledgeMaxUploadBytes ?? 1_048_576,
      ALLOW_PRIVATE_EGRESS: options.allowPrivateEgress ?? [],
    },
    stores,
    logger,
  );
  await knowledge.start();
  const background = new BackgroundTasks((error) =>
    logger.error("background task failed", { error }),
  );
  sharedEncoders ??= new WorkerEncoders();
  const workerCount = options.callWorkers ?? Number(process.env.CALL_WORKERS ?? 0);
  const workers =
    workerCount > 0 && !options.createModelLeg ? await callWorkers(workerCount) : null;
  const modelEndpoints = {
    openai: { apiKey: "test", baseUrl: modelBaseUrl },
    gemini: options.geminiBaseUrl ? { apiKey: "test", baseUrl: options.geminiBaseUrl } : null,
  };
  const metrics = new GatewayMetrics();
  await workers?.reconfigure({
    model: { ...modelEndpoints, connectTimeoutMs: 3000 },
    logLevel: options.logLevel ?? "info",
    log: logger,
    peerOptions: () => ({ iceServers: [], ...options.peerOptions }),
    loopLag: (index) => metrics.loopLag(index),
  });
  const recordings = new Recordings({
    store: stores.recordings,
    blobs,
    encoders: options.recordingEncoders ?? sharedEncoders,
    log: logger,
    ...(options.recordingPartMs ? { partMs: options.recordingPartMs } : {}),
  });
  const analyst = new CallAnalyst({
    calls: stores.calls,
    analyses: stores.callAnalyses,
    model: new OpenAIAnalysisModel({
      apiKey: "test",
      baseUrl: options.analysisBaseUrl ?? modelBaseUrl,
      model: "gpt-4.1-mini",
      timeoutMs: 5000,
    }),
    log: logger,
    retryDelaysMs: [50, 200],
  });
  const retranscriptions = new PendingRetranscriptions();
  metrics.watch({
    recordingsInProgress: () => recordings.liveCount,
    outboxDepth: () => new OutboxDepth(db, { pubsub: false, cacheMs: 0 }).read(),
  });
  // The same steps, in the same order, as startup/call-engine.ts.
  const afterCall = new AfterCall(
    [
      new TranscriptStep(retranscriptions, new TranscriptReadiness(db)),
      recordings.afterCallStep(),
      analyst,
    ],
    background,
    logger,
    (step, seconds, ok) => metrics.afterCallStep(step, seconds, ok),
    async (callId) => (await stores.calls.get(null, callId)).deletedAt === null,
  );
  const calls = new CallService({
    agents: stores.agents,
    tenants: stores.tenants,
    records: stores.calls,
    registry,
    clock:
      options.clock ??
      new MonotonicFrameClock(
        () => performance.now(),
        () => {},
        (error) => logger.error("call audio tick failed", { error }),
      ),
    log: logger,
    machineId: options.machineId ?? "test-machine",
    limits: {
      defaultMaxConcurrentCallsPerTenant: options.maxConcurrentCallsPerTenant ?? 50,
      maxCallsPerMachine: options.maxCallsPerMachine ?? 500,
      connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
    },
    checkModel: modelProviderCheck(modelEndpoints),
    createModelLeg:
      options.createModelLeg ?? modelLegFactory(modelEndpoints, { connectTimeoutMs: 3000 }),
    tools,
    cues: await loadWorkingCues(),
    knowledge: options.knowledge ? () => options.knowledge as KnowledgeSearch : knowledge.forAgent,
    afterCall,
    transcripts: {
      retranscriber: new OpenAIRetranscriber({
        apiKey: "test",
        baseUrl: modelBaseUrl,
        timeoutMs: 5000,
      }),
      confidenceThreshold: options.transcriptConfidenceThreshold ?? 0.75,
      pending: retranscriptions,
    },
    quota: new MonthlyQuota(stores.usage),
    recordings,
    metrics,
    sessionStore,
    ...(workers && { sessionHost: workers }),
  });
  const answerOffer =
    workers?.answerOffer("browser") ??
    ((sdp: string) => answerWebRtcOffer(sdp, { iceServers: [], ...options.peerOptions }));
  const whatsapp = createWhatsAppEngine({
    stores,
    calls,
    registry,
    background,
    answerOffer:
      workers?.answerOffer("whatsapp") ??
      ((sdp: string) => answerWebRtcOffer(sdp, { iceServers: [], ...options.peerOptions })),
    createOffer:
      workers?.createOffer("whatsapp") ??
      (() => createWebRtcOffer({ iceServers: [], ...options.peerOptions })),
    providers: {
      ...(options.graphUrl ? { graphUrl: options.graphUrl } : {}),
      ...(options.watiBaseUrl ? { watiBaseUrl: options.watiBaseUrl } : {}),
      http: { timeoutMs: 2000, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 } },
      egress,
    },
    log: logger,
    sessionStore,
    expireEveryMs: 0,
    ...(options.whatsappPermissionWaitMs !== undefined && {
      permissionWaitMs: options.whatsappPermissionWaitMs,
    }),
  });
  const twilio = createTwilioPhone({
    credentials: stores.credentials,
    bindings: stores.bindings,
    calls,
    registry,
    records: stores.calls,
    log: logger,
    publicBaseUrl: options.publicBaseUrl,
    rest: twilioRest({ baseUrl: options.twilioApiUrl ?? "http://127.0.0.1:9", timeoutMs: 2000 }),
    background,
    sessionStore,
    machine: { id: options.machineId ?? "test-machine", onFly: options.onFly ?? false },
  });
  const livekit = createLiveKit({
    stores,
    calls,
    egress,
    background,
    log: logger,
    ...(options.livekitJoin && { join: options.livekitJoin }),
  });
  const ownership = options.machineId
    ? await startOwnership({
        env: { CALL_LEASE_SECONDS: 15, DATABASE_URL: options.dbUrl ?? ":memory:" },
        store: sessionStore,
        machine: { id: options.machineId, region: null, onFly: options.onFly ?? false },
        registry,
        stores,
        afterCall,
        background,
        log: logger,
      })
    : undefined;
  const parts = conversationParts(stores, recordings);
  const retention = new RetentionSweeper({ retention: stores.retention, parts, log: logger });
  const app = createApp({
    stores,
    webhooks: {
      platformAppSecret: options.whatsappAppSecret,
      platformVerifyToken: options.whatsappVerifyToken,
      lines: whatsapp.lines,
      webhookTokens: stores.webhookTokens,
      dispatch: whatsapp.dispatch,
      drain: { active: () => calls.draining, replayElsewhere: options.onFly ?? false },
      capacity: { full: () => calls.atCapacity, replayElsewhere: options.onFly ?? false },
      ...(ownership && { owners: ownership.owners }),
    },
    ...(ownership && { owners: ownership.owners }),
    replayCallsElsewhere: options.onFly ?? false,
    calls,
    dialler: whatsapp.dialler,
    registry,
    callTokens,
    answerOffer,
    iceServers: new IceServerSource(
      options.iceServers ?? [{ urls: "stun:stun.example.org:3478" }],
      options.turnCredentials,
      options.twilioTurn,
    ),
    describeMediaError,
    adminKey: AdminKey.fromSecret(options.adminKey ?? ADMIN_KEY),
    log: logger,
    model: { mode: "simulator", baseUrl: "" },
    maxBodyBytes: options.maxBodyBytes ?? 65_536,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 100_000,
    webhookRateLimitPerMinute: options.webhookRateLimitPerMinute ?? 100_000,
    publicRateLimitPerMinute: options.publicRateLimitPerMinute ?? 100_000,
    clientAddress: clientAddressReader(TEST_CLIENT_HEADER),
    egress,
    tools,
    knowledge: knowledge.api,
    analyst,
    conversationParts: parts,
    afterCall,
    ...(options.eventLookup && { egressLookup: options.eventLookup }),
    blobs,
    sessionStore,
    metrics,
    metricsAccess: {
      token: options.metricsToken,
      publicEdgeHeader: options.metricsPublicEdgeHeader,
    },
    ...(options.rateLimitPerTenantPerMinute
      ? { rateLimitPerTenantPerMinute: options.rateLimitPerTenantPerMinute }
      : {}),
    ...(options.drafter ? { drafter: options.drafter } : {}),
    ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
    twilioVoice: twilio.voice,
    twilioStatus: twilio.status,
    phoneDialler: twilio.dialler,
    livekit,
  });

  const events = new EventDispatcher({
    endpoints: stores.webhookEndpoints,
    deliveries: stores.webhookDeliveries,
    egress,
    log: logger,
    ...(options.eventLookup && { lookup: options.eventLookup }),
    ...options.events,
  });

  const call: TestApi["call"] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const key = opts.key === undefined ? (options.adminKey ?? ADMIN_KEY) : opts.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] ??= "application/json";
    }
    const res = await app.request(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    if (opts.stream)
      return { status: res.status, body: null as any, headers: res.headers, raw: res };
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get("content-type") ?? "").includes("json") && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as any, headers: res.headers };
  };

  return {
    app,
    stores,
    registry,
    calls,
    background,
    callTokens,
    blobs,
    recordings,
    knowledge,
    retention,
    events,
    whatsappDialler: whatsapp.dialler,
    metrics,
    twilio,
    livekit,
    workers,
    logLines: lines,
    call,
    async tenantWithKey(name = "Acme Dental") {
      const tenant = await call("POST", "/v1/tenants", { body: { name } });
      const created = await call("POST", `/v1/tenants/${tenant.body.id}/keys`, {
        body: { name: "ci" },
      });
      return { tenantId: tenant.body.id, key: created.body.key };
    },
    close: async () => {
      ownership?.stop();
      await events.stop();
      await background.idle();
      await registry.drain(0, 0);
      // Calls ended by the drain run their after-call steps.
      await background.idle();
      await knowledge.stop();
      db.close();
    },
  };
}

/** Every row of every table, to show that a refused request changed nothing. */
export async function snapshotDb(stores: Stores): Promise<string> {
  const tables = await stores.db.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const parts: string[] = [];
  for (const row of tables.rows) {
    const rows = await stores.db.execute(`SELECT * FROM "${String(row.name)}" ORDER BY 1`);
    parts.push(`${String(row.name)}:${JSON.stringify(rows.rows)}`);
  }
  return parts.join("\n");
}
