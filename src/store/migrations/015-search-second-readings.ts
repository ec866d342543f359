import type { Migration } from "./migration";

// What the index holds for a spoken line: its text, and an unsure caller line's second reading.
const indexed = (row: "old" | "new") =>
  `${row}.text || COALESCE(' ' || ${row}.retranscript_text, '')`;

/**
 * Conversations are found by the words of a second reading too: an unsure caller line's live
 * text may have missed the very word the business searches for.
 */
export const searchSecondReadings: Migration = {
  version: 15,
  name: "Transcript search covers the second readings of unsure caller lines",
  statements: [
    "DROP TRIGGER call_messages_fts_insert",
    "DROP TRIGGER call_messages_fts_delete",
    "DROP TRIGGER call_messages_fts_update",
    "DROP TABLE call_messages_fts",
    "DROP VIEW call_messages_spoken",
    `CREATE VIEW call_messages_spoken AS
      SELECT rowid AS message_rowid, text || COALESCE(' ' || retranscript_text, '') AS text
      FROM call_messages WHERE role IN ('user', 'assistant')`,
    `CREATE VIRTUAL TABLE call_messages_fts USING fts5(
      text, content='call_messages_spoken', content_rowid='message_rowid',
      tokenize='unicode61 remove_diacritics 2'
    )`,
    `CREATE TRIGGER call_messages_fts_insert AFTER INSERT ON call_messages
      WHEN new.role IN ('user', 'assistant') BEGIN
      INSERT INTO call_messages_fts(rowid, text) VALUES (new.rowid, ${indexed("new")});
    END`,
    `CREATE TRIGGER call_messages_fts_delete AFTER DELETE ON call_messages
      WHEN old.role IN ('user', 'assistant') BEGIN
      INSERT INTO call_messages_fts(call_messages_fts, rowid, text)
        VALUES ('delete', old.rowid, ${indexed("old")});
    END`,
    `CREATE TRIGGER call_messages_fts_update AFTER UPDATE OF text, retranscript_text ON call_messages
      WHEN old.role IN ('user', 'assistant') BEGIN
      INSERT INTO call_messages_fts(call_messages_fts, rowid, text)
        VALUES ('delete', old.rowid, ${indexed("old")});
      INSERT INTO call_messages_fts(rowid, text) VALUES (new.rowid, ${indexed("new")});
    END`,
    "INSERT INTO call_messages_fts(call_messages_fts) VALUES ('rebuild')",
  ],
};
