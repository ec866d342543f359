import type { Migration } from "./migration";

export const eventOutbox: Migration = {
  version: 8,
  name: "Outbox of events for businesses, written with the change each reports; call outcome",
  statements: [
    `CREATE TABLE event_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      tenant_id TEXT NOT NULL,
      type TEXT NOT NULL,
      call_id TEXT,
      body TEXT NOT NULL,
      created_at TEXT NOT NULL,
      fanned_out_at TEXT
    )`,
    "CREATE INDEX event_outbox_pending ON event_outbox(seq) WHERE fanned_out_at IS NULL",
    "CREATE INDEX event_outbox_by_call ON event_outbox(call_id, seq)",
    // The post-call analysis's outcome, kept on the call so conversations filter on it.
    "ALTER TABLE calls ADD COLUMN outcome TEXT",
  ],
};
