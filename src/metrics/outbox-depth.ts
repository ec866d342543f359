import type { Db } from "../store/db";

export interface OutboxDepthReading {
  fan_out: number;
  webhook_deliveries: number;
  pubsub?: number;
}

/**
 * Pending events-out work, counted at scrape time over the partial indexes of pending rows, and
 * kept for `cacheMs` so frequent or parallel scrapes cost one query.
 */
export class OutboxDepth {
  private cached: { at: number; reading: Promise<OutboxDepthReading> } | null = null;

  constructor(
    private readonly db: Db,
    private readonly options: {
      /** Count events not yet published to Pub/Sub (only when a sink publishes them). */
      pubsub: boolean;
      cacheMs?: number;
      now?: () => number;
    },
  ) {}

  read(): Promise<OutboxDepthReading> {
    const now = (this.options.now ?? Date.now)();
    const cacheMs = this.options.cacheMs ?? 5000;
    if (this.cached && now - this.cached.at < cacheMs) return this.cached.reading;
    const reading = this.count();
    this.cached = { at: now, reading };
    // A failed count is not kept: the next scrape tries again.
    reading.catch(() => {
      if (this.cached?.reading === reading) this.cached = null;
    });
    return reading;
  }

  private async count(): Promise<OutboxDepthReading> {
    const pubsub = this.options.pubsub
      ? ", (SELECT COUNT(*) FROM event_outbox WHERE pubsub_published_at IS NULL) AS pubsub"
      : "";
    const result = await this.db.execute(
      `SELECT (SELECT COUNT(*) FROM event_outbox WHERE fanned_out_at IS NULL) AS fan_out,
              (SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending') AS deliveries${pubsub}`,
    );
    const row = result.rows[0];
    return {
      fan_out: Number(row?.fan_out ?? 0),
      webhook_deliveries: Number(row?.deliveries ?? 0),
      ...(this.options.pubsub && { pubsub: Number(row?.pubsub ?? 0) }),
    };
  }
}
