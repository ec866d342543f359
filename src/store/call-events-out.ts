import type { InStatement } from "@libsql/client";
import type { NewCall, ToolCallRecord } from "../domain/call";
import type { EventType } from "../domain/events-out";
import { newId } from "../domain/ids";
import { maskPhone } from "../domain/phone";
import { outboxInsert } from "./event-outbox";
import { nowIso } from "./rows";

/**
 * The outbox statements of the events the call store reports, each run in the same batch as
 * the change it reports. Those that depend on the row read it inside the statement, so there
 * is no read-then-write race; each of call.answered and call.ended is written once per call.
 * Never a full phone number or a secret: the remote party is stored masked already.
 */
export function callStarted(call: NewCall, receivedAt: string, at: string): InStatement {
  return outboxInsert(
    {
      tenantId: call.tenantId,
      type: "call.started",
      callId: call.id,
      data: {
        callId: call.id,
        agentId: call.agentId,
        agentVersion: call.agentVersion,
        channel: call.channel,
        direction: call.direction,
        remoteParty: call.remoteParty,
        receivedAt,
      },
    },
    at,
  );
}

/**
 * After a milestone's update: call.answered when the call has an answer time and none was
 * reported yet. A browser call has no answering step; its media connecting answers it.
 */
export function callAnsweredOnce(callId: string): InStatement {
  const answeredAt = "COALESCE(answered_at, CASE WHEN channel = 'web' THEN media_connected_at END)";
  return fromCallRow(
    "call.answered",
    `json_object('callId', id, 'channel', channel, 'answeredAt', ${answeredAt})`,
    `id = ? AND ${answeredAt} IS NOT NULL`,
    [callId],
  );
}

/** After the end's update: call.ended for a call that has ended and was not reported. */
export function callEndedOnce(callId: string): InStatement {
  return fromCallRow(
    "call.ended",
    `json_object('callId', id, 'agentId', agent_id, 'channel', channel, 'direction', direction,
      'endReason', end_reason, 'durationMs', duration_ms, 'endedAt', ended_at,
      'usage', COALESCE((SELECT json_object('billableSeconds', u.billable_seconds, 'model', u.model,
        'inputTextTokens', u.input_text_tokens, 'inputAudioTokens', u.input_audio_tokens,
        'cachedInputTextTokens', u.cached_input_text_tokens,
        'cachedInputAudioTokens', u.cached_input_audio_tokens,
        'outputTextTokens', u.output_text_tokens, 'outputAudioTokens', u.output_audio_tokens,
        'estimatedCostMicroUsd', u.cost_micro_usd) FROM call_usage u WHERE u.call_id = calls.id),
        json(usage)))`,
    "id = ? AND status = 'ended'",
    [callId],
  );
}

export function toolFailed(callId: string, tool: ToolCallRecord): InStatement {
  const at = nowIso();
  const data = {
    callId,
    tool: tool.name,
    status: tool.status,
    error: tool.error === null ? null : withoutPhoneNumbers(tool.error).slice(0, 500),
    durationMs: Math.round(tool.durationMs),
  };
  const body = JSON.stringify({ type: "tool.failed", timestamp: at, data });
  return {
    sql: `INSERT INTO event_outbox (id, tenant_id, type, call_id, body, created_at)
          SELECT ?, tenant_id, 'tool.failed', id, ?, ? FROM calls WHERE id = ?`,
    args: [newId("evt"), body, at, callId],
  };
}

/** An event built from the call's row in SQL, written only if none of its type exists yet. */
function fromCallRow(
  type: EventType,
  dataSql: string,
  where: string,
  whereArgs: string[],
): InStatement {
  const at = nowIso();
  return {
    sql: `INSERT INTO event_outbox (id, tenant_id, type, call_id, body, created_at)
          SELECT ?, tenant_id, ?, id, json_object('type', ?, 'timestamp', ?, 'data', ${dataSql}), ?
          FROM calls WHERE ${where}
            AND NOT EXISTS (SELECT 1 FROM event_outbox o WHERE o.call_id = calls.id AND o.type = ?)`,
    args: [newId("evt"), type, type, at, at, ...whereArgs, type],
  };
}

/** A tool's error may quote what it was given; numbers long enough to be phones are masked. */
function withoutPhoneNumbers(text: string): string {
  return text.replace(/\+?\d[\d\s().-]{5,}\d/g, (match) =>
    match.replace(/\D/g, "").length >= 7 ? maskPhone(match) : match,
  );
}
