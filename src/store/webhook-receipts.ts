import type { Db } from "./db";

/** Receipts older than this are swept; no provider redelivers an event that late. */
const KEEP_MS = 30 * 24 * 3_600_000;

/**
 * Which webhook events were acted on, per tenant and channel. The database is the judge, so an
 * event is acted on once even when it is redelivered after a restart or to another machine.
 */
export class WebhookReceiptStore {
  private lastSweepMs = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * True the first time this event is seen; false for a repeat. With `windowMs`, a repeat older
   * than the window counts as new (for events that carry no id of their own).
   */
  async firstTime(
    scope: { tenantId: string; channel: string },
    key: string,
    windowMs?: number,
  ): Promise<boolean> {
    const at = new Date(this.now()).toISOString();
    await this.sweep();
    const inserted = await this.db.execute({
      sql: "INSERT OR IGNORE INTO webhook_receipts (tenant_id, channel, event_key, received_at) VALUES (?, ?, ?, ?)",
      args: [scope.tenantId, scope.channel, key, at],
    });
    if (inserted.rowsAffected === 1) return true;
    if (windowMs === undefined) return false;
    const renewed = await this.db.execute({
      sql: `UPDATE webhook_receipts SET received_at = ?
            WHERE tenant_id = ? AND channel = ? AND event_key = ? AND received_at < ?`,
      args: [at, scope.tenantId, scope.channel, key, new Date(this.now() - windowMs).toISOString()],
    });
    return renewed.rowsAffected === 1;
  }

  /** Whether this event was seen, without recording it. */
  async seen(scope: { tenantId: string; channel: string }, key: string): Promise<boolean> {
    const result = await this.db.execute({
      sql: "SELECT 1 FROM webhook_receipts WHERE tenant_id = ? AND channel = ? AND event_key = ?",
      args: [scope.tenantId, scope.channel, key],
    });
    return result.rows.length > 0;
  }

  private async sweep(): Promise<void> {
    const now = this.now();
    if (now - this.lastSweepMs < 3_600_000) return;
    this.lastSweepMs = now;
    await this.db.execute({
      sql: "DELETE FROM webhook_receipts WHERE received_at < ?",
      args: [new Date(now - KEEP_MS).toISOString()],
    });
  }
}
