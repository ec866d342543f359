import type { InStatement } from "@libsql/client";
import { costMicroUsd, type PriceTable, pricesFor, type TokenCounts } from "../usage/price-table";

/** What the end of a call says about its use of the model. */
export interface CallEndUsage {
  /** The realtime model that answered; unknown for calls closed after a crash. */
  model?: string | undefined;
  /** The model leg's summed usage (ModelUsage), as the call record keeps it. */
  usage: Record<string, number>;
}

/**
 * When the caller could first hear the agent: the earlier of answered and media connected.
 * Calls that never got there bill nothing.
 */
const BILLED_FROM =
  "COALESCE(MIN(answered_at, media_connected_at), answered_at, media_connected_at)";

/** Whole seconds from BILLED_FROM to the end, rounded up once per call. */
const BILLABLE_SECONDS = `CASE WHEN ${BILLED_FROM} IS NULL THEN 0 ELSE
  MAX(0, (CAST(ROUND((julianday(ended_at) - julianday(${BILLED_FROM})) * 86400000) AS INTEGER) + 999) / 1000)
  END`;

const COLUMNS = `call_id, tenant_id, agent_id, channel, direction, started_at, day, ended_at,
  billable_seconds, model, input_text_tokens, input_audio_tokens, cached_input_text_tokens,
  cached_input_audio_tokens, output_text_tokens, output_audio_tokens, cost_micro_usd`;

/**
 * The usage row of calls that just ended, taken from their records (run it after the update that
 * ends them, in the same batch). A call has one usage row: the first end is the one kept. The
 * day is the UTC day the call started.
 */
function insertFromCalls(where: string): string {
  return `INSERT OR IGNORE INTO call_usage (${COLUMNS})
    SELECT id, tenant_id, agent_id, channel, direction, received_at, substr(received_at, 1, 10),
      ended_at, ${BILLABLE_SECONDS}, ?, ?, ?, ?, ?, ?, ?, ?
    FROM calls WHERE status = 'ended' AND ended_at IS NOT NULL AND ${where}`;
}

function tokensOf(usage: Record<string, number>): TokenCounts {
  const count = (key: string) => {
    const value = usage[key];
    return typeof value === "number" && Number.isFinite(value) ? Math.max(0, Math.round(value)) : 0;
  };
  return {
    inputTextTokens: count("inputTextTokens"),
    inputAudioTokens: count("inputAudioTokens"),
    cachedInputTextTokens: count("cachedInputTextTokens"),
    cachedInputAudioTokens: count("cachedInputAudioTokens"),
    outputTextTokens: count("outputTextTokens"),
    outputAudioTokens: count("outputAudioTokens"),
  };
}

/**
 * The usage row of one call, with its tokens by kind and the estimated cost from the price
 * table (null when the table does not know the model).
 */
export function callUsageInsert(callId: string, end: CallEndUsage, table: PriceTable): InStatement {
  const tokens = tokensOf(end.usage);
  const prices = end.model ? pricesFor(table, end.model) : null;
  return {
    sql: insertFromCalls("id = ?"),
    args: [
      end.model ?? null,
      tokens.inputTextTokens,
      tokens.inputAudioTokens,
      tokens.cachedInputTextTokens,
      tokens.cachedInputAudioTokens,
      tokens.outputTextTokens,
      tokens.outputAudioTokens,
      prices ? costMicroUsd(tokens, prices) : null,
      callId,
    ],
  };
}

/**
 * Usage rows of the calls a crash left open, once closed: billable seconds to their last sign of
 * life; their tokens were never reported, so none are counted and no cost is estimated.
 */
export function orphanUsageInsert(machineId: string): InStatement {
  return {
    sql: insertFromCalls("machine_id = ? AND end_reason = 'gateway_restarted'"),
    args: [null, 0, 0, 0, 0, 0, 0, null, machineId],
  };
}

/** The usage row of one call a lost machine left open, once closed (as orphanUsageInsert). */
export function abandonedUsageInsert(callId: string): InStatement {
  return {
    sql: insertFromCalls("id = ? AND end_reason = 'gateway_restarted'"),
    args: [null, 0, 0, 0, 0, 0, 0, null, callId],
  };
}

/** The usage row of a call that ended, for `reason`, before it ever rang: nothing billed. */
export function unrungUsageInsert(callId: string, reason: string): InStatement {
  return {
    sql: insertFromCalls("id = ? AND end_reason = ?"),
    args: [null, 0, 0, 0, 0, 0, 0, null, callId, reason],
  };
}
