import type { Migration } from "./migration";

/**
 * Ids of call-record writes the primary has applied: a write replayed from a machine's outbox
 * after the connection broke mid-way is recognised and not applied twice.
 */
export const appliedWrites: Migration = {
  version: 17,
  name: "Applied write ids for replays from a machine's outbox",
  statements: [
    "CREATE TABLE applied_writes (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
    "CREATE INDEX applied_writes_at ON applied_writes (applied_at)",
  ],
};
