import type { Migration } from "./migration";

export const whatsapp: Migration = {
  version: 3,
  name: "WhatsApp lines: binding credentials, provider status, call events, outbound dialling",
  statements: [
    // Which stored credential a binding's provider calls use; null means the channel's name.
    "ALTER TABLE channel_bindings ADD COLUMN credential_name TEXT",
    "ALTER TABLE calls ADD COLUMN provider_status TEXT",
    // Outbound calls only: the number to dial, kept until the call ends, never shown.
    "ALTER TABLE calls ADD COLUMN dial_to TEXT",
    "ALTER TABLE calls ADD COLUMN binding_id TEXT",
    "ALTER TABLE calls ADD COLUMN idempotency_key TEXT",
    "CREATE UNIQUE INDEX calls_idempotency ON calls(tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL",
    `CREATE TABLE call_events (
      call_id TEXT NOT NULL REFERENCES calls(id),
      at TEXT NOT NULL,
      kind TEXT NOT NULL,
      detail TEXT NOT NULL DEFAULT '{}'
    )`,
    "CREATE INDEX call_events_by_call ON call_events(call_id, at)",
  ],
};
