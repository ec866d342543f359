import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type Client, createClient } from "@libsql/client";
import { MIGRATIONS } from "./migrations/index";
import type { Migration } from "./migrations/migration";
import { openRegionalDb } from "./open-regional-db";

export type Db = Client;

export interface DbOptions {
  url: string;
  authToken?: string;
  /** A remote primary: the local file becomes an embedded replica that forwards writes. */
  syncUrl?: string;
  syncIntervalSeconds?: number;
}

/** Opens the database (creating the folder of a local file) and applies pending migrations. */
export async function openDb(options: DbOptions): Promise<Db> {
  const localPath = options.url.startsWith("file:") ? options.url.slice("file:".length) : null;
  if (localPath && localPath !== ":memory:") mkdirSync(dirname(localPath), { recursive: true });
  if (options.syncUrl) {
    const regional = await openRegionalDb({ ...options, syncUrl: options.syncUrl }, migrate);
    return regional.db;
  }
  const db = createClient({
    url: options.url,
    ...(options.authToken ? { authToken: options.authToken } : {}),
  });
  if (localPath) {
    await db.execute("PRAGMA foreign_keys = ON");
    await db.execute("PRAGMA busy_timeout = 5000");
    if (localPath !== ":memory:") await db.execute("PRAGMA journal_mode = WAL");
  }
  await migrate(db);
  return db;
}

/** Applies each pending migration in its own transaction; running it twice changes nothing. */
export async function migrate(db: Db, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  await db.execute(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
  );
  const applied: number[] = [];
  for (const migration of migrations) {
    const tx = await db.transaction("write");
    try {
      const done = await tx.execute({
        sql: "SELECT 1 FROM schema_migrations WHERE version = ?",
        args: [migration.version],
      });
      if (done.rows.length > 0) {
        await tx.rollback();
        continue;
      }
      for (const sql of migration.statements) await tx.execute(sql);
      await tx.execute({
        sql: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
        args: [migration.version, migration.name, new Date().toISOString()],
      });
      await tx.commit();
      applied.push(migration.version);
    } finally {
      tx.close();
    }
  }
  return applied;
}
