import type { Migration } from "./migration";

export const webhookEndpoints: Migration = {
  version: 12,
  name: "Webhook endpoints of tenants and the deliveries of events to them; Pub/Sub publishing",
  statements: [
    `CREATE TABLE webhook_endpoints (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      url TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      event_types TEXT,
      enabled INTEGER NOT NULL DEFAULT 1,
      secret_sealed TEXT NOT NULL,
      previous_secret_sealed TEXT,
      previous_secret_expires_ms INTEGER,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    "CREATE INDEX webhook_endpoints_by_tenant ON webhook_endpoints(tenant_id, id)",
    `CREATE TABLE webhook_deliveries (
      id TEXT PRIMARY KEY,
      endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
      tenant_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      event_type TEXT NOT NULL,
      call_id TEXT,
      outbox_seq INTEGER NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending',
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_ms INTEGER NOT NULL,
      lease_until_ms INTEGER,
      lease_token TEXT,
      last_attempt_at TEXT,
      last_status_code INTEGER,
      last_error TEXT,
      delivered_at TEXT,
      created_at TEXT NOT NULL,
      UNIQUE (endpoint_id, event_id)
    )`,
    "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_ms) WHERE status = 'pending'",
    "CREATE INDEX webhook_deliveries_by_call ON webhook_deliveries(endpoint_id, call_id, outbox_seq) WHERE status = 'pending'",
    "CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries(endpoint_id, id)",
    // The operator's Pub/Sub sink keeps its own place in the outbox.
    "ALTER TABLE event_outbox ADD COLUMN pubsub_published_at TEXT",
    "ALTER TABLE event_outbox ADD COLUMN pubsub_lease_until_ms INTEGER",
    "CREATE INDEX event_outbox_unpublished ON event_outbox(seq) WHERE pubsub_published_at IS NULL",
  ],
};
