import type { Db } from "./db";
import { outboxInsert } from "./event-outbox";
import { nowIso, num } from "./rows";

/** What call.transcript.ready says: counts of the final transcript's lines. */
export interface TranscriptSummary {
  callId: string;
  /** Caller and agent lines. */
  lines: number;
  /** Caller lines below the confidence threshold (each was sent for re-transcription). */
  lowConfidenceLines: number;
  /** Of those, the ones read again successfully. */
  retranscribedLines: number;
}

/** Marks a call's transcript final, once, together with its call.transcript.ready event. */
export class TranscriptReadiness {
  constructor(private readonly db: Db) {}

  /**
   * Null when the transcript was already final (the step ran before) or the call is unknown.
   * A re-transcription still marked pending (its process stopped) is closed as unavailable.
   */
  async markReady(callId: string, tenantId: string): Promise<TranscriptSummary | null> {
    const tx = await this.db.transaction("write");
    try {
      const call = await tx.execute({
        sql: "SELECT transcript_ready_at FROM calls WHERE id = ? AND tenant_id = ?",
        args: [callId, tenantId],
      });
      const row = call.rows[0];
      if (!row || row.transcript_ready_at !== null) {
        await tx.rollback();
        return null;
      }
      await tx.execute({
        sql: `UPDATE call_messages SET retranscript_status = 'unavailable'
              WHERE call_id = ? AND retranscript_status = 'pending'`,
        args: [callId],
      });
      const counts = await tx.execute({
        sql: `SELECT COUNT(*) AS lines,
                COALESCE(SUM(retranscript_status IS NOT NULL), 0) AS low,
                COALESCE(SUM(retranscript_status = 'done'), 0) AS redone
              FROM call_messages WHERE call_id = ? AND role IN ('user', 'assistant')`,
        args: [callId],
      });
      const totals = counts.rows[0];
      const summary: TranscriptSummary = {
        callId,
        lines: totals ? num(totals, "lines") : 0,
        lowConfidenceLines: totals ? num(totals, "low") : 0,
        retranscribedLines: totals ? num(totals, "redone") : 0,
      };
      const at = nowIso();
      await tx.batch([
        {
          sql: "UPDATE calls SET transcript_ready_at = ?, updated_at = ? WHERE id = ?",
          args: [at, at, callId],
        },
        outboxInsert({ tenantId, type: "call.transcript.ready", callId, data: { ...summary } }, at),
      ]);
      await tx.commit();
      return summary;
    } finally {
      tx.close();
    }
  }
}
