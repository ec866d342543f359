import { join } from "node:path";
import { openBlobStore } from "../blobs/open-blob-store";
import type { Env } from "../config/env";
import type { Logger } from "../log/logger";
import { type DbOptions, openDb } from "../store/db";
import { DatabaseUnavailableError } from "../store/open-regional-db";
import { loadSecretsKey } from "../store/secrets-key";
import { createStores } from "../store/stores";
import { WriteOutbox } from "../store/write-outbox";

/**
 * Opens the database (migrated) and the repositories over it, with the key sealing secrets,
 * and the blob store for recordings and exports.
 */
export async function openStorage(env: Env, log: Logger) {
  const db = await openDbWhenReachable(
    {
      url: env.DATABASE_URL,
      authToken: env.DATABASE_AUTH_TOKEN,
      syncUrl: env.DATABASE_SYNC_URL,
      syncIntervalSeconds: env.DATABASE_SYNC_INTERVAL_SECONDS,
    },
    log,
  );
  // With a remote primary, call records wait in a local outbox while it is out of reach.
  const callOutbox = env.DATABASE_SYNC_URL
    ? await WriteOutbox.open(db, {
        path: join(env.DATA_DIR, "call-outbox.db"),
        onError: (message, detail) => log.error(message, detail),
      })
    : undefined;
  if (callOutbox && callOutbox.depth() > 0)
    log.warn("call records from before the restart wait for the database primary", {
      waiting: callOutbox.depth(),
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
  const stores = await createStores(db, secrets.key, env.PRICE_TABLE, callOutbox);
  const blobs = openBlobStore(env.BLOB_STORE_URL);
  return { db, stores, secretsKey: secrets.key, blobs, callOutbox };
}

/**
 * Opens the database; a primary out of reach on a machine that cannot start without it is
 * waited for, with the reason logged at each try, instead of a crash and a restart loop.
 */
async function openDbWhenReachable(options: DbOptions, log: Logger, retryMs = 5000) {
  for (;;) {
    try {
      return await openDb(options);
    } catch (error) {
      if (!(error instanceof DatabaseUnavailableError)) throw error;
      log.error(`${error.message}; trying again in ${retryMs / 1000} s`);
      await Bun.sleep(retryMs);
    }
  }
}
