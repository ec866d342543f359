import type { Db } from "./db";
import { str, strOrNull } from "./rows";

export interface UnpublishedEvent {
  seq: number;
  id: string;
  tenantId: string;
  type: string;
  callId: string | null;
  body: string;
}

/**
 * The operator's sink's place in the outbox (Pub/Sub): events are leased in one statement, so
 * processes sharing the database publish each once unless a lease runs out mid-publish.
 */
export class OutboxPublishing {
  constructor(private readonly db: Db) {}

  /** Up to `limit` events not yet published, oldest first, leased until `nowMs + leaseMs`. */
  async lease(nowMs: number, leaseMs: number, limit: number): Promise<UnpublishedEvent[]> {
    const result = await this.db.execute({
      sql: `UPDATE event_outbox SET pubsub_lease_until_ms = ?
            WHERE seq IN (
              SELECT seq FROM event_outbox
              WHERE pubsub_published_at IS NULL
                AND (pubsub_lease_until_ms IS NULL OR pubsub_lease_until_ms <= ?)
              ORDER BY seq LIMIT ?)
            RETURNING seq, id, tenant_id, type, call_id, body`,
      args: [nowMs + leaseMs, nowMs, limit],
    });
    return result.rows
      .map((row) => ({
        seq: Number(row.seq),
        id: str(row, "id"),
        tenantId: str(row, "tenant_id"),
        type: str(row, "type"),
        callId: strOrNull(row, "call_id"),
        body: str(row, "body"),
      }))
      .sort((a, b) => a.seq - b.seq);
  }

  async markPublished(seqs: number[], at: string): Promise<void> {
    if (seqs.length === 0) return;
    await this.db.execute({
      sql: `UPDATE event_outbox SET pubsub_published_at = ?, pubsub_lease_until_ms = NULL
            WHERE seq IN (${seqs.map(() => "?").join(", ")})`,
      args: [at, ...seqs],
    });
  }
}
