import type { Migration } from "./migration";

export const webhookTenancy: Migration = {
  version: 4,
  name: "Webhook tenancy, exactly-once webhook events, call activity",
  statements: [
    // Which webhook route may act on a line: the platform Meta app's, or the tenant's own.
    "ALTER TABLE channel_bindings ADD COLUMN webhook_origin TEXT NOT NULL DEFAULT 'platform'",
    "UPDATE channel_bindings SET webhook_origin = 'tenant' WHERE channel != 'whatsapp_cloud'",
    // A webhook event acted on once, per tenant and channel, across restarts and machines.
    `CREATE TABLE webhook_receipts (
      tenant_id TEXT NOT NULL,
      channel TEXT NOT NULL,
      event_key TEXT NOT NULL,
      received_at TEXT NOT NULL,
      PRIMARY KEY (tenant_id, channel, event_key)
    )`,
    "CREATE INDEX webhook_receipts_by_age ON webhook_receipts(received_at)",
    // The secret part of a tenant's webhook URL (for providers that cannot sign), hashed.
    `CREATE TABLE webhook_tokens (
      tenant_id TEXT NOT NULL,
      channel TEXT NOT NULL,
      token_hash TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (tenant_id, channel)
    )`,
    // The last sign of life of a live call: its duration after a crash is measured to it.
    "ALTER TABLE calls ADD COLUMN last_activity_at TEXT",
    "DROP INDEX calls_by_provider_id",
    "CREATE UNIQUE INDEX calls_by_provider_id ON calls(tenant_id, channel, provider_call_id) WHERE provider_call_id IS NOT NULL",
  ],
};
