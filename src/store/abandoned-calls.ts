import { callEndedOnce } from "./call-events-out";
import { abandonedUsageInsert } from "./call-usage";
import type { Db } from "./db";
import { nowIso, str } from "./rows";

// Calls whose machine stopped (crashed, was killed or lost) without ending them. Outbound calls
// still waiting for the user's permission hold no media and stay waiting.
const OPEN = "status NOT IN ('ended', 'waiting_permission')";
/** The last time anything was heard of a call: its heartbeat, a change, its start. */
const LAST_HEARD = "MAX(received_at, updated_at, COALESCE(last_activity_at, received_at))";
const LAST_SIGN = `MAX(COALESCE(last_activity_at, received_at),
    COALESCE(answered_at, received_at), COALESCE(media_connected_at, received_at),
    COALESCE((SELECT MAX(created_at) FROM call_messages m WHERE m.call_id = calls.id), received_at))`;

/** Open calls nothing was heard of since `before` (an ISO time): candidates for a sweep. */
export async function openCallsSilentSince(db: Db, before: string): Promise<string[]> {
  const rows = await db.execute({
    sql: `SELECT id FROM calls WHERE ${OPEN} AND ${LAST_HEARD} < ? ORDER BY received_at LIMIT 500`,
    args: [before],
  });
  return rows.rows.map((row) => str(row, "id"));
}

/**
 * Ends an open call as interrupted (`gateway_restarted`), its duration running to its last sign
 * of life, with its usage row and `call.ended`. True only for the one caller that closed it: the
 * update holds only while the call is still open and silent, so machines sweeping together close
 * it once.
 */
export async function closeAbandonedCall(db: Db, callId: string, before: string): Promise<boolean> {
  const [closed] = await db.batch(
    [
      {
        sql: `UPDATE calls SET status = 'ended', end_reason = 'gateway_restarted', dial_to = NULL,
            dial_variables = NULL, ended_at = ${LAST_SIGN}, updated_at = ?,
            duration_ms = CAST((julianday(${LAST_SIGN}) - julianday(COALESCE(answered_at, received_at))) * 86400000 AS INTEGER)
          WHERE id = ? AND ${OPEN} AND ${LAST_HEARD} < ?`,
        args: [nowIso(), callId, before],
      },
      abandonedUsageInsert(callId),
      callEndedOnce(callId),
    ],
    "write",
  );
  return (closed?.rowsAffected ?? 0) > 0;
}
