import type { InStatement, Row } from "@libsql/client";
import { notFound } from "../domain/errors";
import type { EventType } from "../domain/events-out";
import { newId } from "../domain/ids";
import type { DeliveryStatus, WebhookDelivery } from "../domain/webhook-endpoint";
import type { Db } from "./db";
import { decodeCursor, type Page, type PageRequest, toPage } from "./pagination";
import { nowIso, num, numOrNull, str, strOrNull } from "./rows";

function toDelivery(row: Row): WebhookDelivery {
  const status = str(row, "status") as DeliveryStatus;
  return {
    id: str(row, "id"),
    endpointId: str(row, "endpoint_id"),
    eventId: str(row, "event_id"),
    eventType: str(row, "event_type") as EventType,
    callId: strOrNull(row, "call_id"),
    status,
    attempts: num(row, "attempts"),
    lastAttemptAt: strOrNull(row, "last_attempt_at"),
    lastStatusCode: numOrNull(row, "last_status_code"),
    lastError: strOrNull(row, "last_error"),
    nextAttemptAt:
      status === "pending" ? new Date(num(row, "next_attempt_ms")).toISOString() : null,
    deliveredAt: strOrNull(row, "delivered_at"),
    createdAt: str(row, "created_at"),
  };
}

/**
 * A pending delivery (`d`) that may go now as far as order goes: its endpoint is enabled, and no
 * earlier event of the same call to the same endpoint is still pending.
 */
const READY = `d.status = 'pending'
  AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = d.endpoint_id AND e.enabled = 1)
  AND NOT EXISTS (
    SELECT 1 FROM webhook_deliveries p
    WHERE p.status = 'pending' AND p.endpoint_id = d.endpoint_id
      AND p.call_id = d.call_id AND p.outbox_seq < d.outbox_seq)`;

/** A delivery this process holds the lease of, with what to send. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  url: string;
  eventId: string;
  body: string;
  /** Attempts made before this one. */
  attempts: number;
  leaseToken: string;
}

export type AttemptOutcome =
  | { delivered: true; statusCode: number }
  | {
      delivered: false;
      statusCode: number | null;
      error: string | null;
      /** When to try again; null gives up (the delivery is failed). */
      retryAtMs: number | null;
    };

/**
 * Deliveries of outbox events to endpoints. Every step that hands out work is one atomic
 * statement or write transaction, so several processes may share the database.
 */
export class WebhookDeliveryStore {
  constructor(private readonly db: Db) {}

  /**
   * Turns up to `limit` outbox events, oldest first, into one delivery per matching enabled
   * endpoint of their tenant. Returns how many events it took. Two processes doing this at once
   * make each delivery once: a delivery is unique per endpoint and event.
   */
  async fanOut(nowMs: number, limit = 100): Promise<number> {
    const events = await this.db.execute({
      sql: `SELECT seq, id, tenant_id, type, call_id FROM event_outbox
            WHERE fanned_out_at IS NULL ORDER BY seq LIMIT ?`,
      args: [limit],
    });
    if (events.rows.length === 0) return 0;
    const createdAt = nowIso();
    const statements: InStatement[] = [];
    for (const event of events.rows) {
      const endpoints = await this.db.execute({
        sql: `SELECT id FROM webhook_endpoints WHERE tenant_id = ? AND enabled = 1
                AND (event_types IS NULL OR EXISTS (SELECT 1 FROM json_each(event_types) WHERE value = ?))
              ORDER BY id`,
        args: [str(event, "tenant_id"), str(event, "type")],
      });
      for (const endpoint of endpoints.rows) {
        statements.push({
          sql: `INSERT OR IGNORE INTO webhook_deliveries (id, endpoint_id, tenant_id, event_id,
                  event_type, call_id, outbox_seq, next_attempt_ms, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            newId("dlv"),
            str(endpoint, "id"),
            str(event, "tenant_id"),
            str(event, "id"),
            str(event, "type"),
            strOrNull(event, "call_id"),
            num(event, "seq"),
            nowMs,
            createdAt,
          ],
        });
      }
      statements.push({
        sql: "UPDATE event_outbox SET fanned_out_at = ? WHERE seq = ?",
        args: [createdAt, num(event, "seq")],
      });
    }
    await this.db.batch(statements, "write");
    return events.rows.length;
  }

  /**
   * Leases up to `limit` due deliveries in one statement. A call's event waits while an earlier
   * event of the same call to the same endpoint is still pending, so each endpoint sees a call's
   * events in order.
   */
  async claimDue(nowMs: number, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
    const token = crypto.randomUUID();
    const claimed = await this.db.execute({
      sql: `UPDATE webhook_deliveries SET lease_until_ms = ?, lease_token = ?
            WHERE id IN (
              SELECT d.id FROM webhook_deliveries d
              WHERE ${READY} AND d.next_attempt_ms <= ?
                AND (d.lease_until_ms IS NULL OR d.lease_until_ms <= ?)
              ORDER BY d.next_attempt_ms, d.outbox_seq LIMIT ?)
            RETURNING id`,
      args: [nowMs + leaseMs, token, nowMs, nowMs, limit],
    });
    if (claimed.rows.length === 0) return [];
    const ids = claimed.rows.map((row) => str(row, "id"));
    const rows = await this.db.execute({
      sql: `SELECT d.id, d.endpoint_id, d.event_id, d.attempts, e.url, o.body
            FROM webhook_deliveries d
            JOIN webhook_endpoints e ON e.id = d.endpoint_id
            JOIN event_outbox o ON o.id = d.event_id
            WHERE d.lease_token = ? AND d.id IN (${ids.map(() => "?").join(", ")})`,
      args: [token, ...ids],
    });
    return rows.rows.map((row) => ({
      id: str(row, "id"),
      endpointId: str(row, "endpoint_id"),
      url: str(row, "url"),
      eventId: str(row, "event_id"),
      body: str(row, "body"),
      attempts: num(row, "attempts"),
      leaseToken: token,
    }));
  }

  /** Records an attempt's outcome, if this process still holds the lease. */
  async recordAttempt(claim: ClaimedDelivery, outcome: AttemptOutcome): Promise<void> {
    const at = nowIso();
    const status: DeliveryStatus = outcome.delivered
      ? "delivered"
      : outcome.retryAtMs === null
        ? "failed"
        : "pending";
    await this.db.execute({
      sql: `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_attempt_at = ?,
              last_status_code = ?, last_error = ?, delivered_at = ?,
              next_attempt_ms = COALESCE(?, next_attempt_ms), lease_until_ms = NULL, lease_token = NULL
            WHERE id = ? AND lease_token = ?`,
      args: [
        status,
        at,
        outcome.statusCode,
        outcome.delivered ? null : outcome.error,
        outcome.delivered ? at : null,
        outcome.delivered ? null : outcome.retryAtMs,
        claim.id,
        claim.leaseToken,
      ],
    });
  }

  async list(
    endpointId: string,
    page: PageRequest,
    filter: { status?: DeliveryStatus | undefined },
  ): Promise<Page<WebhookDelivery>> {
    const after = decodeCursor(page.cursor);
    const status = filter.status ?? null;
    const result = await this.db.execute({
      sql: `SELECT * FROM webhook_deliveries WHERE endpoint_id = ? AND (? IS NULL OR status = ?)
              AND (? IS NULL OR id < ?)
            ORDER BY id DESC LIMIT ?`,
      args: [endpointId, status, status, after, after, page.limit + 1],
    });
    return toPage(result.rows.map(toDelivery), page.limit);
  }

  /** Puts a delivery back in the queue, due now (one more attempt for a failed one). */
  async retryNow(endpointId: string, id: string, nowMs: number): Promise<WebhookDelivery> {
    const result = await this.db.execute({
      sql: `UPDATE webhook_deliveries SET status = 'pending', next_attempt_ms = ?
            WHERE id = ? AND endpoint_id = ? RETURNING *`,
      args: [nowMs, id, endpointId],
    });
    const row = result.rows[0];
    if (!row) throw notFound("delivery");
    return toDelivery(row);
  }

  /** How many deliveries are still pending (for a test or a health view). */
  async pendingCount(): Promise<number> {
    const result = await this.db.execute(
      "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'pending'",
    );
    return num(result.rows[0] as Row, "n");
  }

  /** When the earliest delivery that may go is due, or null when none is pending. */
  async nextDueMs(): Promise<number | null> {
    const result = await this.db.execute(
      `SELECT MIN(MAX(d.next_attempt_ms, COALESCE(d.lease_until_ms, 0))) AS due
       FROM webhook_deliveries d WHERE ${READY}`,
    );
    return numOrNull(result.rows[0] as Row, "due");
  }
}
