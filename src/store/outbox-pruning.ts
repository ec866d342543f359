import type { Db } from "./db";

/**
 * Removes events out that nobody will send again: fanned out to their endpoints, no delivery
 * still pending, published to the operator's sink when one is configured, and older than the
 * cutoff. Their deliveries go with them, so the outbox does not grow with every call forever.
 */
export class OutboxPruning {
  constructor(
    private readonly db: Db,
    /** With a Pub/Sub sink, an event it has not published yet is kept. */
    private readonly sinkConfigured: boolean,
  ) {}

  /** Prunes in batches of `batchSize` events; returns how many were removed. */
  async prune(createdBefore: string, batchSize = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const settled = await this.db.execute({
        sql: `SELECT seq FROM event_outbox e
              WHERE created_at < ? AND fanned_out_at IS NOT NULL
                ${this.sinkConfigured ? "AND pubsub_published_at IS NOT NULL" : ""}
                AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                                WHERE d.outbox_seq = e.seq AND d.status = 'pending')
              ORDER BY seq LIMIT ?`,
        args: [createdBefore, batchSize],
      });
      const seqs = settled.rows.map((row) => Number(row.seq));
      if (seqs.length === 0) return total;
      const list = seqs.map(() => "?").join(",");
      // A delivery that turned pending again in between (a retry asked for) keeps its event.
      const [, events] = await this.db.batch(
        [
          {
            sql: `DELETE FROM webhook_deliveries WHERE outbox_seq IN (${list}) AND status != 'pending'`,
            args: seqs,
          },
          {
            sql: `DELETE FROM event_outbox WHERE seq IN (${list})
                  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.outbox_seq = event_outbox.seq)`,
            args: seqs,
          },
        ],
        "write",
      );
      total += events?.rowsAffected ?? 0;
      if (seqs.length < batchSize) return total;
    }
  }
}
