import type { InStatement } from "@libsql/client";
import type { OutgoingEvent } from "../domain/events-out";
import { newId } from "../domain/ids";
import { nowIso } from "./rows";

/**
 * The statement that records an event in the outbox. Put it in the same batch or transaction
 * as the change the event reports, so that neither is ever kept without the other.
 * The body is fixed here, once: every delivery and retry sends the same bytes.
 */
export function outboxInsert(event: OutgoingEvent, at: string = nowIso()): InStatement {
  const id = newId("evt");
  const body = JSON.stringify({ type: event.type, timestamp: at, data: event.data });
  return {
    sql: `INSERT INTO event_outbox (id, tenant_id, type, call_id, body, created_at)
          VALUES (?, ?, ?, ?, ?, ?)`,
    args: [id, event.tenantId, event.type, event.callId, body, at],
  };
}
