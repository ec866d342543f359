import type { Migration } from "./migration";

export const outboxPruning: Migration = {
  version: 16,
  name: "Deliveries found by their event, so settled events can be pruned with them",
  statements: [
    "CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries(outbox_seq)",
    "CREATE INDEX event_outbox_by_age ON event_outbox(created_at)",
  ],
};
