import type { Migration } from "./migration";

/**
 * Conversation search (full text over transcripts, by phone number through a keyed hash) and
 * per-tenant retention of recordings and transcripts, with marks saying what was erased when.
 */
export const searchRetention: Migration = {
  version: 13,
  name: "Transcript full-text search, phone hashes, retention settings and erasure marks",
  statements: [
    // HMAC of the other party's full number (keyed, per tenant); the number itself is never kept.
    "ALTER TABLE calls ADD COLUMN remote_number_hash TEXT",
    "ALTER TABLE calls ADD COLUMN content_deleted_at TEXT",
    "ALTER TABLE calls ADD COLUMN transcript_erased_at TEXT",
    "ALTER TABLE calls ADD COLUMN recording_erased_at TEXT",
    "CREATE INDEX calls_by_remote_number ON calls(tenant_id, remote_number_hash, id) WHERE remote_number_hash IS NOT NULL",
    // Retention sweeps walk only calls whose part is still there, oldest first.
    "CREATE INDEX calls_transcript_due ON calls(tenant_id, ended_at) WHERE transcript_erased_at IS NULL AND ended_at IS NOT NULL",
    "CREATE INDEX calls_recording_due ON calls(tenant_id, ended_at) WHERE recording_erased_at IS NULL AND ended_at IS NOT NULL",
    `CREATE TABLE tenant_retention (
      tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
      recording_days INTEGER,
      transcript_days INTEGER,
      updated_at TEXT NOT NULL
    )`,
    // Spoken lines only: tool records (arguments, outputs) are not searchable text. The index's
    // content is this view, so FTS5's own rebuild and integrity check see the same lines.
    `CREATE VIEW call_messages_spoken AS
      SELECT rowid AS message_rowid, text FROM call_messages WHERE role IN ('user', 'assistant')`,
    `CREATE VIRTUAL TABLE call_messages_fts USING fts5(
      text, content='call_messages_spoken', content_rowid='message_rowid',
      tokenize='unicode61 remove_diacritics 2'
    )`,
    `CREATE TRIGGER call_messages_fts_insert AFTER INSERT ON call_messages
      WHEN new.role IN ('user', 'assistant') BEGIN
      INSERT INTO call_messages_fts(rowid, text) VALUES (new.rowid, new.text);
    END`,
    `CREATE TRIGGER call_messages_fts_delete AFTER DELETE ON call_messages
      WHEN old.role IN ('user', 'assistant') BEGIN
      INSERT INTO call_messages_fts(call_messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END`,
    `CREATE TRIGGER call_messages_fts_update AFTER UPDATE OF text ON call_messages
      WHEN old.role IN ('user', 'assistant') BEGIN
      INSERT INTO call_messages_fts(call_messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
      INSERT INTO call_messages_fts(rowid, text) VALUES (new.rowid, new.text);
    END`,
    // Lines written before this migration become searchable too.
    "INSERT INTO call_messages_fts(call_messages_fts) VALUES ('rebuild')",
  ],
};
