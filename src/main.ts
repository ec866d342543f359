import { createApp } from "./app";
import { ConfigError, type Env, readEnv } from "./config/env";
import { Logger } from "./log/logger";
import { AdminKey } from "./store/admin-key";
import { openDb } from "./store/db";
import { SecretBox } from "./store/secret-box";
import { loadSecretsKey } from "./store/secrets-key";
import { createStores } from "./store/stores";

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

  const model = env.OPENAI_API_KEY
    ? { mode: "openai" as const, baseUrl: env.OPENAI_BASE_URL }
    : { mode: "simulator" as const, baseUrl: "" };
  if (model.mode === "simulator")
    log.info("no OPENAI_API_KEY: calls are answered by the built-in model simulator");

  const app = createApp({
    stores,
    adminKey,
    log,
    model,
    maxBodyBytes: env.MAX_BODY_BYTES,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
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
    log.info("shutting down", { signal });
    await server.stop();
    db.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

await main();
