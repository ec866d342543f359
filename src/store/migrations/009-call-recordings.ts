import type { Migration } from "./migration";

export const callRecordings: Migration = {
  version: 9,
  name: "Call recordings: one row per recorded call, the audio itself in the blob store",
  statements: [
    `CREATE TABLE call_recordings (
      call_id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('recording', 'ready', 'failed', 'deleted')),
      blob_key TEXT NOT NULL,
      duration_ms INTEGER,
      size_bytes INTEGER,
      channels INTEGER NOT NULL,
      layout TEXT NOT NULL,
      failure TEXT,
      started_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    "CREATE INDEX call_recordings_open ON call_recordings(status) WHERE status = 'recording'",
    "CREATE INDEX call_recordings_by_tenant ON call_recordings(tenant_id, started_at)",
  ],
};
