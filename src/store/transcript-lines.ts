import type { InStatement, Row } from "@libsql/client";
import type { LineFacts, Retranscription, RetranscriptionStatus } from "../domain/call";
import { numOrNull, strOrNull } from "./rows";

/** Column values of a line's facts, for the ones that are set. */
function columnsOf(facts: LineFacts & { text?: string }): Array<[string, unknown]> {
  const columns: Array<[string, unknown]> = [];
  const round = (ms: number | null) => (ms === null ? null : Math.round(ms));
  if (facts.text !== undefined) columns.push(["text", facts.text]);
  if (facts.confidence !== undefined) columns.push(["confidence", facts.confidence]);
  if (facts.startMs !== undefined) columns.push(["start_ms", round(facts.startMs)]);
  if (facts.endMs !== undefined) columns.push(["end_ms", round(facts.endMs)]);
  if (facts.fullText !== undefined) columns.push(["full_text", facts.fullText]);
  if (facts.interrupted !== undefined) columns.push(["interrupted", facts.interrupted ? 1 : 0]);
  const r = facts.retranscription;
  if (r) {
    columns.push(["retranscript_status", r.status], ["retranscript_text", r.text]);
    columns.push(["retranscript_model", r.model], ["retranscript_confidence", r.confidence]);
  }
  return columns;
}

/** Extra columns and values for a message's INSERT. */
export function lineInsertColumns(facts: LineFacts | undefined): {
  names: string[];
  values: unknown[];
} {
  const columns = facts ? columnsOf(facts) : [];
  return { names: columns.map(([name]) => name), values: columns.map(([, value]) => value) };
}

/** The UPDATE of one line (found by its conversation item) with the facts given; null if none. */
export function lineUpdate(
  callId: string,
  itemId: string,
  patch: LineFacts & { text?: string },
): InStatement | null {
  const columns = columnsOf(patch);
  if (columns.length === 0) return null;
  return {
    sql: `UPDATE call_messages SET ${columns.map(([name]) => `${name} = ?`).join(", ")}
          WHERE call_id = ? AND item_id = ?`,
    args: [...columns.map(([, value]) => value as string | number | null), callId, itemId],
  };
}

/** A message row's transcript facts. */
export function lineFactsOf(row: Row): {
  confidence: number | null;
  startMs: number | null;
  endMs: number | null;
  fullText: string | null;
  retranscription: Retranscription | null;
} {
  const status = strOrNull(row, "retranscript_status") as RetranscriptionStatus | null;
  return {
    confidence: numOrNull(row, "confidence"),
    startMs: numOrNull(row, "start_ms"),
    endMs: numOrNull(row, "end_ms"),
    fullText: strOrNull(row, "full_text"),
    retranscription: status
      ? {
          status,
          text: strOrNull(row, "retranscript_text"),
          model: strOrNull(row, "retranscript_model"),
          confidence: numOrNull(row, "retranscript_confidence"),
        }
      : null,
  };
}
