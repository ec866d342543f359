import type { Row } from "@libsql/client";
import type { Sentiment } from "../domain/agent-analysis";
import type { CallAnalysis } from "../domain/call-analysis";
import type { Db } from "./db";
import { outboxInsert } from "./event-outbox";
import { json, nowIso, str, strOrNull } from "./rows";

function toAnalysis(row: Row): CallAnalysis {
  return {
    callId: str(row, "call_id"),
    tenantId: str(row, "tenant_id"),
    summary: str(row, "summary"),
    outcome: str(row, "outcome"),
    sentiment: str(row, "sentiment") as Sentiment,
    fields: json(row, "fields"),
    model: strOrNull(row, "model"),
    createdAt: str(row, "created_at"),
  };
}

/** One analysis per call: a new one replaces the last, with the call's outcome and its event. */
export class CallAnalysisStore {
  constructor(private readonly db: Db) {}

  /**
   * Keeps the analysis, sets the call's outcome and records `call.analysis.ready`, all in one
   * batch: none of the three is ever kept without the others.
   */
  async save(analysis: Omit<CallAnalysis, "createdAt">): Promise<CallAnalysis> {
    const at = nowIso();
    const { callId, tenantId, summary, outcome, sentiment, fields } = analysis;
    await this.db.batch(
      [
        {
          sql: `INSERT INTO call_analyses
                  (call_id, tenant_id, summary, outcome, sentiment, fields, model, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (call_id) DO UPDATE SET summary = excluded.summary,
                  outcome = excluded.outcome, sentiment = excluded.sentiment,
                  fields = excluded.fields, model = excluded.model, created_at = excluded.created_at`,
          args: [
            callId,
            tenantId,
            summary,
            outcome,
            sentiment,
            JSON.stringify(fields),
            analysis.model,
            at,
          ],
        },
        {
          sql: "UPDATE calls SET outcome = ?, updated_at = ? WHERE id = ?",
          args: [outcome, at, callId],
        },
        outboxInsert(
          {
            tenantId,
            type: "call.analysis.ready",
            callId,
            data: { callId, summary, outcome, sentiment, fields },
          },
          at,
        ),
      ],
      "write",
    );
    return { ...analysis, createdAt: at };
  }

  async get(callId: string): Promise<CallAnalysis | null> {
    const result = await this.db.execute({
      sql: "SELECT * FROM call_analyses WHERE call_id = ?",
      args: [callId],
    });
    const row = result.rows[0];
    return row ? toAnalysis(row) : null;
  }

  /** Removes a call's analysis and its outcome (when the conversation is deleted). */
  async erase(callId: string): Promise<boolean> {
    const [removed] = await this.db.batch(
      [
        { sql: "DELETE FROM call_analyses WHERE call_id = ?", args: [callId] },
        { sql: "UPDATE calls SET outcome = NULL WHERE id = ?", args: [callId] },
        // The events that reported it carried the same content: deleting the conversation
        // empties them too, so a delivery still pending or retried sends nulls.
        {
          sql: `UPDATE event_outbox
                SET body = json_set(body, '$.data.summary', NULL, '$.data.outcome', NULL,
                                    '$.data.sentiment', NULL, '$.data.fields', NULL)
                WHERE call_id = ? AND type = 'call.analysis.ready'`,
          args: [callId],
        },
      ],
      "write",
    );
    return (removed?.rowsAffected ?? 0) > 0;
  }
}
