import { createApp } from "./app";
import { ConfigError, type Env, readEnv } from "./config/env";
import { OpenAIDrafter } from "./drafting/openai-drafter";
import { CallTokens } from "./http/call-tokens";
import { clientAddressReader } from "./http/client-address";
import { createLiveKit } from "./livekit/livekit";
import { Logger } from "./log/logger";
import { describeMediaError } from "./media/webrtc/answer-offer";
import { machineIdentity } from "./ownership/machine-identity";
import { sessionStoreSettings } from "./session/open-session-store";
import { TimedSessionStore } from "./session/timed-session-store";
import { announceDemo } from "./startup/announce-demo";
import { createCallEngine } from "./startup/call-engine";
import { conversationParts } from "./startup/conversation-parts";
import { drainCalls } from "./startup/drain";
import { pubSubSettings, startEventDispatch } from "./startup/event-dispatch";
import { createKnowledge } from "./startup/knowledge";
import { startMetrics } from "./startup/metrics";
import { startModelBackend } from "./startup/model-backend";
import { openStorage } from "./startup/open-storage";
import { loadOperatorKey } from "./startup/operator-key";
import { startOwnership } from "./startup/ownership";
import { startRetention } from "./startup/retention";
import { createSessionStore } from "./startup/session-store";
import { createTwilioPhone } from "./telephony/twilio-phone";
import { twilioRest } from "./telephony/twilio-rest";
import { openTracing } from "./tracing/open-tracing";
import { useTracing } from "./tracing/tracing";

/** The environment, or a message naming each bad variable and an exit. */
function readConfig(): Env {
  try {
    const env = readEnv();
    pubSubSettings(env);
    sessionStoreSettings(env);
    return env;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** Wires configuration, stores and the HTTP app, then serves until told to stop. */
async function main(): Promise<void> {
  const env = readConfig();
  const machine = machineIdentity();
  const log = new Logger(env.LOG_LEVEL, {
    service: "astra-voice",
    machine: machine.id,
    ...(machine.region && { region: machine.region }),
  });
  // Before anything serves or calls: requests and calls are traced from the first one.
  const tracing = await openTracing(env, machine.id);
  useTracing(tracing);
  if (tracing.enabled) log.info("tracing on: spans exported over OTLP/HTTP");
  const { db, stores, secretsKey, blobs } = await openStorage(env, log);
  const adminKey = loadOperatorKey(env);
  const backend = await startModelBackend(env, log);
  // Before the call engine, whose calls will search it (`knowledge.search`, `forAgent`).
  const knowledge = await createKnowledge(env, stores, log);
  await knowledge.start();
  const model = backend.model;
  const metrics = startMetrics(env, db);
  const sessionStore = new TimedSessionStore(
    await createSessionStore(env, log),
    metrics.gateway.sessionStoreLatency,
  );
  const engine = await createCallEngine(
    env,
    stores,
    model,
    log,
    knowledge,
    blobs,
    metrics.gateway,
    sessionStore,
  );
  const { registry, calls, background, answerOffer, egress, whatsapp, tools, analyst } = engine;
  const { recordings, media, afterCall } = engine;
  const ownership = await startOwnership({
    env,
    store: sessionStore,
    machine,
    registry,
    stores,
    afterCall,
    background,
    log,
  });
  metrics.gateway.watch({ recordingsInProgress: () => recordings.liveCount });
  const eventsOut = startEventDispatch(env, stores, egress, log);

  const parts = conversationParts(stores, recordings);
  const retention = startRetention(env, stores, parts, log);
  const callTokens = new CallTokens(secretsKey);
  const phone = createTwilioPhone({
    credentials: stores.credentials,
    bindings: stores.bindings,
    calls,
    registry,
    records: stores.calls,
    log,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    rest: twilioRest({ baseUrl: env.TWILIO_API_BASE_URL }),
    background,
    sessionStore,
    machine,
    owners: ownership.owners,
  });
  const livekit = createLiveKit({
    stores,
    calls,
    egress,
    background,
    log,
    ownerOfRoom: async (tenantId, roomSid) => {
      const owner = await ownership.leases.ownerOfProviderCall(tenantId, "livekit", roomSid);
      return owner && owner.machine !== machine.id ? owner.machine : null;
    },
  });
  const app = createApp({
    stores,
    webhooks: {
      platformAppSecret: env.WHATSAPP_APP_SECRET,
      platformVerifyToken: env.WHATSAPP_VERIFY_TOKEN,
      lines: whatsapp.lines,
      webhookTokens: stores.webhookTokens,
      dispatch: whatsapp.dispatch,
      drain: { active: () => calls.draining, replayElsewhere: machine.onFly },
      capacity: { full: () => calls.atCapacity, replayElsewhere: machine.onFly },
      owners: ownership.owners,
    },
    replayCallsElsewhere: machine.onFly,
    calls,
    dialler: whatsapp.dialler,
    registry,
    callTokens,
    answerOffer,
    iceServers: media.ice,
    describeMediaError,
    adminKey,
    log,
    model,
    maxBodyBytes: env.MAX_BODY_BYTES,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    webhookRateLimitPerMinute: env.WEBHOOK_RATE_LIMIT_PER_MINUTE,
    publicRateLimitPerMinute: env.PUBLIC_RATE_LIMIT_PER_MINUTE,
    clientAddress: clientAddressReader(env.CLIENT_IP_HEADER),
    egress,
    tools,
    rateLimitPerTenantPerMinute: env.RATE_LIMIT_PER_TENANT_PER_MINUTE,
    ...(env.OPENAI_API_KEY && {
      drafter: new OpenAIDrafter({
        apiKey: env.OPENAI_API_KEY,
        baseUrl: env.OPENAI_BASE_URL,
        model: env.OPENAI_DRAFT_MODEL,
      }),
    }),
    knowledge: knowledge.api,
    analyst,
    conversationParts: parts,
    afterCall,
    blobs,
    sessionStore,
    owners: ownership.owners,
    metrics: metrics.gateway,
    metricsAccess: { token: env.METRICS_TOKEN, publicEdgeHeader: env.CLIENT_IP_HEADER },
    twilioVoice: phone.voice,
    twilioStatus: phone.status,
    phoneDialler: phone.dialler,
    livekit,
  });
  const server = Bun.serve({
    port: env.PORT,
    hostname: env.HOST,
    // Twilio's media streams are WebSockets beside the app; everything else is the app.
    fetch: phone.streams.fetchWith(app.fetch),
    websocket: phone.streams.websocket,
    idleTimeout: 60,
  });
  log.info("listening", { port: server.port, model: model.mode });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal, liveCalls: registry.size });
    // The server keeps answering while calls drain (/readyz says so); then it closes.
    await drainCalls({ calls, registry, background, log }, env.DRAIN_SECONDS * 1000);
    await server.stop(true);
    whatsapp.stop();
    await retention.stop();
    // The pass under way finishes; what is left waits in the database for the next start.
    await eventsOut.stop();
    await knowledge.stop();
    await backend.stop();
    ownership.stop();
    await sessionStore.close();
    metrics.stop();
    await tracing.shutdown();
    db.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  // After listening, so the printed link names the real port (PORT=0 picks a free one).
  await announceDemo({ env, stores, callTokens, port: server.port ?? env.PORT, log });
}

await main();
