import type { Migration } from "./migration";

export const calls: Migration = {
  version: 2,
  name: "calls (conversations) and their messages",
  statements: [
    `CREATE TABLE calls (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL REFERENCES tenants(id),
      agent_id TEXT NOT NULL REFERENCES agents(id),
      agent_version INTEGER NOT NULL,
      channel TEXT NOT NULL,
      direction TEXT NOT NULL,
      status TEXT NOT NULL,
      provider_call_id TEXT,
      remote_party TEXT NOT NULL DEFAULT '',
      machine_id TEXT NOT NULL DEFAULT '',
      received_at TEXT NOT NULL,
      answered_at TEXT,
      media_connected_at TEXT,
      first_agent_audio_at TEXT,
      ended_at TEXT,
      end_reason TEXT,
      duration_ms INTEGER,
      usage TEXT NOT NULL DEFAULT '{}',
      metrics TEXT NOT NULL DEFAULT '{}',
      updated_at TEXT NOT NULL
    )`,
    "CREATE INDEX calls_by_tenant ON calls(tenant_id, id)",
    "CREATE INDEX calls_by_agent ON calls(agent_id, id)",
    "CREATE UNIQUE INDEX calls_by_provider_id ON calls(channel, provider_call_id) WHERE provider_call_id IS NOT NULL",
    `CREATE TABLE call_messages (
      call_id TEXT NOT NULL REFERENCES calls(id),
      seq INTEGER NOT NULL,
      role TEXT NOT NULL,
      text TEXT NOT NULL,
      item_id TEXT,
      offset_ms INTEGER NOT NULL,
      interrupted INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      PRIMARY KEY (call_id, seq)
    )`,
  ],
};
