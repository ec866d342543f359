import { openBlobStore } from "../blobs/open-blob-store";
import type { Env } from "../config/env";
import type { Logger } from "../log/logger";
import { openDb } from "../store/db";
import { loadSecretsKey } from "../store/secrets-key";
import { createStores } from "../store/stores";

/**
 * Opens the database (migrated) and the repositories over it, with the key sealing secrets,
 * and the blob store for recordings and exports.
 */
export async function openStorage(env: Env, log: Logger) {
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
  const stores = await createStores(db, secrets.key, env.PRICE_TABLE);
  const blobs = openBlobStore(env.BLOB_STORE_URL);
  return { db, stores, secretsKey: secrets.key, blobs };
}
