import { hostname } from "node:os";
import { createApp } from "./app";
import { BackgroundTasks } from "./calls/background-tasks";
import { CallRegistry } from "./calls/call-registry";
import { CallService } from "./calls/call-service";
import { MonotonicFrameClock } from "./calls/frame-clock";
import { ConfigError, type Env, readEnv } from "./config/env";
import { CallTokens } from "./http/call-tokens";
import { clientAddressReader } from "./http/client-address";
import { Logger } from "./log/logger";
import { answerWebRtcOffer, describeMediaError } from "./media/webrtc/answer-offer";
import { createWebRtcOffer } from "./media/webrtc/create-offer";
import { createOpenAIModelLeg } from "./models/openai/create-openai-model-leg";
import { startModelSimulator } from "./models/simulator/server";
import { EgressPolicy } from "./net/egress-guard";
import { announceDemo } from "./startup/announce-demo";
import { createWhatsAppEngine } from "./startup/whatsapp-engine";
import { AdminKey } from "./store/admin-key";
import { openDb } from "./store/db";
import { SecretBox } from "./store/secret-box";
import { loadSecretsKey } from "./store/secrets-key";
import { createStores } from "./store/stores";

/** How long live calls may go on after SIGTERM before they are ended (fly.toml allows 300 s). */
const DRAIN_GRACE_MS = 280_000;

/** Wires configuration, stores and the HTTP app, then serves until told to stop. */
async function main(): Promise<void> {
  let env: Env;
  try {
    env = readEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const log = new Logger(env.LOG_LEVEL, {
    service: "astra-voice",
    machine: process.env.FLY_MACHINE_ID,
  });

  const db = await openDb({
    url: env.DATABASE_URL,
    authToken: env.DATABASE_AUTH_TOKEN,
    syncUrl: env.DATABASE_SYNC_URL,
    syncIntervalSeconds: env.DATABASE_SYNC_INTERVAL_SECONDS,
  });
  const secrets = loadSecretsKey(env.SECRETS_KEY, env.DATA_DIR);
  if (secrets.source !== "environment") {
    log.warn(
      "SECRETS_KEY is not set: credentials are sealed with a key kept under the data folder",
      {
        source: secrets.source,
      },
    );
  }
  const stores = createStores(db, await SecretBox.fromKeyBytes(secrets.key));

  let adminKey: AdminKey;
  if (env.ADMIN_API_KEY) adminKey = AdminKey.fromSecret(env.ADMIN_API_KEY);
  else {
    const loaded = AdminKey.loadOrCreate(env.DATA_DIR);
    adminKey = loaded.adminKey;
    if (loaded.generated) {
      // Shown once, on the terminal only; the log stream never carries it.
      process.stderr.write(
        `\nNo ADMIN_API_KEY set, so one was generated. It is shown only this once:\n\n  ${loaded.generated}\n\nOnly its hash is kept (${env.DATA_DIR}/admin-key.sha256).\n\n`,
      );
    }
  }

  // Without an OpenAI key, calls go to the built-in simulator through the very same client.
  const simulator = env.OPENAI_API_KEY ? null : await startModelSimulator({ port: 0 });
  const model = simulator
    ? { mode: "simulator" as const, baseUrl: simulator.url, apiKey: "simulator" }
    : { mode: "openai" as const, baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY ?? "" };
  if (simulator) log.info("no OPENAI_API_KEY: calls are answered by the built-in model simulator");

  const machineId = process.env.FLY_MACHINE_ID ?? hostname();
  const orphans = await stores.calls.closeOrphans(machineId);
  if (orphans > 0) log.warn("closed calls left open by the previous run", { calls: orphans });
  const registry = new CallRegistry();
  const clock = new MonotonicFrameClock(
    () => performance.now(),
    (skippedFrames) => log.warn("audio clock stalled", { skippedFrames }),
    (error) => log.error("call audio tick failed", { error }),
  );
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
    createModelLeg: () =>
      createOpenAIModelLeg({ apiKey: model.apiKey, baseUrl: model.baseUrl, logger: log }),
  });

  const answerOffer = (sdp: string) => answerWebRtcOffer(sdp, { iceServers: env.ICE_SERVERS });
  const background = new BackgroundTasks((error) => log.error("background task failed", { error }));
  const egress = EgressPolicy.allowing(env.ALLOW_PRIVATE_EGRESS);
  const whatsapp = createWhatsAppEngine({
    stores,
    calls,
    registry,
    background,
    answerOffer,
    createOffer: () => createWebRtcOffer({ iceServers: env.ICE_SERVERS }),
    providers: {
      graphUrl: env.WHATSAPP_GRAPH_URL,
      watiBaseUrl: env.WATI_BASE_URL,
      logger: log,
      egress,
    },
    log,
  });

  const callTokens = new CallTokens(secrets.key);
  const app = createApp({
    stores,
    webhooks: {
      platformAppSecret: env.WHATSAPP_APP_SECRET,
      platformVerifyToken: env.WHATSAPP_VERIFY_TOKEN,
      lines: whatsapp.lines,
      webhookTokens: stores.webhookTokens,
      dispatch: whatsapp.dispatch,
    },
    calls,
    dialler: whatsapp.dialler,
    registry,
    callTokens,
    answerOffer,
    iceServers: env.ICE_SERVERS,
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
    rateLimitPerTenantPerMinute: env.RATE_LIMIT_PER_TENANT_PER_MINUTE,
  });
  const server = Bun.serve({
    port: env.PORT,
    hostname: env.HOST,
    fetch: app.fetch,
    idleTimeout: 60,
  });
  log.info("listening", { port: server.port, model: model.mode });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal, liveCalls: registry.size });
    await server.stop();
    // Live calls get the grace period to finish; the rest end with their records written.
    await background.idle();
    await registry.drain(DRAIN_GRACE_MS);
    await simulator?.stop();
    db.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  // After listening, so the printed link names the real port (PORT=0 picks a free one).
  await announceDemo({ env, stores, callTokens, port: server.port ?? env.PORT, log });
}

await main();
