import type { CallChannel } from "../domain/call";
import { callEndedOnce } from "./call-events-out";
import { unrungUsageInsert } from "./call-usage";
import type { Db } from "./db";
import { nowIso, str } from "./rows";

/**
 * Outbound WhatsApp calls waiting for the user's permission. A request left unanswered is given
 * up after a while: the call ends as `permission_expired`, so a user who says yes days later is
 * not rung out of the blue.
 */
export class PermissionWaits {
  constructor(private readonly db: Db) {}

  /** Calls still waiting for permission that were placed before `before` (an ISO time). */
  async placedBefore(before: string): Promise<Array<{ id: string; channel: CallChannel }>> {
    const rows = await this.db.execute({
      sql: `SELECT id, channel FROM calls WHERE status = 'waiting_permission' AND received_at < ?
            ORDER BY received_at LIMIT 500`,
      args: [before],
    });
    return rows.rows.map((row) => ({
      id: str(row, "id"),
      channel: str(row, "channel") as CallChannel,
    }));
  }

  /**
   * Ends the call as `permission_expired`, with its usage row and `call.ended`, if it still waits
   * and was placed before `before`. True only for the one caller that ended it: a reply that
   * just moved it on, or another machine's sweep, leaves it alone.
   */
  async expire(callId: string, before: string): Promise<boolean> {
    const now = nowIso();
    const [ended] = await this.db.batch(
      [
        {
          sql: `UPDATE calls SET status = 'ended', end_reason = 'permission_expired', ended_at = ?,
                  duration_ms = 0, dial_to = NULL, dial_variables = NULL, updated_at = ?
                WHERE id = ? AND status = 'waiting_permission' AND received_at < ?`,
          args: [now, now, callId, before],
        },
        unrungUsageInsert(callId, "permission_expired"),
        callEndedOnce(callId),
      ],
      "write",
    );
    return (ended?.rowsAffected ?? 0) > 0;
  }
}
