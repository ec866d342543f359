import type { Migration } from "./migration";

export const callUsage: Migration = {
  version: 11,
  name: "Usage of each call, kept apart from its transcript and recording; monthly minutes per tenant",
  statements: [
    // No foreign key to calls: the usage row outlives a conversation's deletion.
    `CREATE TABLE call_usage (
      call_id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      agent_id TEXT NOT NULL,
      channel TEXT NOT NULL,
      direction TEXT NOT NULL,
      started_at TEXT NOT NULL,
      day TEXT NOT NULL,
      ended_at TEXT NOT NULL,
      billable_seconds INTEGER NOT NULL,
      model TEXT,
      input_text_tokens INTEGER NOT NULL DEFAULT 0,
      input_audio_tokens INTEGER NOT NULL DEFAULT 0,
      cached_input_text_tokens INTEGER NOT NULL DEFAULT 0,
      cached_input_audio_tokens INTEGER NOT NULL DEFAULT 0,
      output_text_tokens INTEGER NOT NULL DEFAULT 0,
      output_audio_tokens INTEGER NOT NULL DEFAULT 0,
      cost_micro_usd INTEGER
    )`,
    "CREATE INDEX call_usage_by_tenant_day ON call_usage(tenant_id, day)",
    // Quota checks add up a tenant's live calls.
    "CREATE INDEX calls_live_by_tenant ON calls(tenant_id) WHERE status != 'ended'",
    "ALTER TABLE tenants ADD COLUMN monthly_minutes INTEGER",
  ],
};
