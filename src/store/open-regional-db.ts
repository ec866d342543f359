import { existsSync } from "node:fs";
import { type Client, createClient } from "@libsql/client";
import { MIGRATIONS } from "./migrations/index";
import { RegionalDb } from "./regional-db";
import { isUnreachable } from "./write-outbox";

export interface RegionalOptions {
  /** `file:` path of the local replica. */
  url: string;
  syncUrl: string;
  authToken?: string;
  syncIntervalSeconds?: number;
}

/** Opening the database failed in a way an operator can act on; the message says how. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/** The primary's address without credentials, for messages. */
export function primaryHost(syncUrl: string): string {
  return URL.canParse(syncUrl) ? new URL(syncUrl).host : "the configured primary";
}

function explain(syncUrl: string, error: unknown, hasReplica: boolean): DatabaseUnavailableError {
  const text = String(error);
  const host = primaryHost(syncUrl);
  if (/\b401\b|\b403\b|unauthori[sz]ed|forbidden/i.test(text))
    return new DatabaseUnavailableError(
      `the database primary at ${host} refused this machine's credentials: check DATABASE_AUTH_TOKEN`,
    );
  return new DatabaseUnavailableError(
    hasReplica
      ? `the database primary at ${host} cannot be reached and the local replica needs it (${text.slice(0, 160)})`
      : `the database primary at ${host} cannot be reached and this machine has no local replica yet: it starts once the primary answers (${text.slice(0, 160)})`,
  );
}

async function pendingMigrations(replica: Client): Promise<number> {
  const table = await replica.execute(
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
  );
  if (table.rows.length === 0) return MIGRATIONS.length;
  const done = await replica.execute("SELECT version FROM schema_migrations");
  const applied = new Set(done.rows.map((row) => Number(row.version)));
  return MIGRATIONS.filter((m) => !applied.has(m.version)).length;
}

/**
 * The embedded replica and its primary as one database (see RegionalDb). A machine that has a
 * replica starts even while the primary is out of reach (`primaryReachable` false): reads are
 * local and call records wait in the outbox. Without a replica, or with migrations to apply,
 * it needs the primary, and the error says so.
 */
export async function openRegionalDb(
  options: RegionalOptions,
  migrate: (db: RegionalDb) => Promise<unknown>,
): Promise<{ db: RegionalDb; primaryReachable: boolean }> {
  const openReplica = () =>
    createClient({
      url: options.url,
      syncUrl: options.syncUrl,
      ...(options.authToken ? { authToken: options.authToken } : {}),
      ...(options.syncIntervalSeconds ? { syncInterval: options.syncIntervalSeconds } : {}),
    });
  const hasReplica = existsSync(`${options.url.slice("file:".length)}-info`);
  let replica: Client;
  let reattach: (() => Client) | null = null;
  try {
    replica = openReplica();
  } catch (error) {
    if (!hasReplica || !isUnreachable(error)) throw explain(options.syncUrl, error, false);
    // The replica's file still answers reads; it is attached to the primary once it returns.
    replica = createClient({ url: options.url });
    reattach = openReplica;
  }
  const primary = createClient({
    url: options.syncUrl.replace(/^libsql:/i, "https:"),
    ...(options.authToken ? { authToken: options.authToken } : {}),
  });
  const db = new RegionalDb(replica, primary, reattach);
  await replica.execute("PRAGMA busy_timeout = 5000");
  let primaryReachable = true;
  try {
    await db.sync();
  } catch (error) {
    if (!isUnreachable(error)) {
      db.close();
      throw explain(options.syncUrl, error, true);
    }
    primaryReachable = false;
  }
  if ((await pendingMigrations(replica)) > 0) {
    if (!primaryReachable) {
      db.close();
      throw new DatabaseUnavailableError(
        `the database primary at ${primaryHost(options.syncUrl)} cannot be reached and the schema has changes to apply to it`,
      );
    }
    await migrate(db);
    await db.sync();
  }
  return { db, primaryReachable };
}
