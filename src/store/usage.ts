import type { Row } from "@libsql/client";
import { DomainError } from "../domain/errors";
import type { Db } from "./db";
import { num, numOrNull, str, strOrNull } from "./rows";

export const USAGE_GROUPS = ["day", "agent", "channel"] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];

/** Sums over a set of calls' usage rows. */
export interface UsageFigures {
  calls: number;
  billableSeconds: number;
  inputTextTokens: number;
  inputAudioTokens: number;
  /** Of the input tokens, those served from the prompt cache (not in addition to them). */
  cachedInputTokens: number;
  outputTextTokens: number;
  outputAudioTokens: number;
  /** Estimated, in millionths of a US dollar; calls of a model without prices add nothing. */
  costMicroUsd: number;
  /** Calls whose model the price table does not know: their cost is not estimated. */
  unpricedCalls: number;
}

/** The usage row of one call. */
export interface CallUsage {
  callId: string;
  tenantId: string;
  agentId: string;
  channel: string;
  direction: string;
  startedAt: string;
  endedAt: string;
  billableSeconds: number;
  model: string | null;
  inputTextTokens: number;
  inputAudioTokens: number;
  cachedInputTextTokens: number;
  cachedInputAudioTokens: number;
  outputTextTokens: number;
  outputAudioTokens: number;
  /** Null when the price table does not know the model. */
  costMicroUsd: number | null;
}

function toCallUsage(row: Row): CallUsage {
  return {
    callId: str(row, "call_id"),
    tenantId: str(row, "tenant_id"),
    agentId: str(row, "agent_id"),
    channel: str(row, "channel"),
    direction: str(row, "direction"),
    startedAt: str(row, "started_at"),
    endedAt: str(row, "ended_at"),
    billableSeconds: num(row, "billable_seconds"),
    model: strOrNull(row, "model"),
    inputTextTokens: num(row, "input_text_tokens"),
    inputAudioTokens: num(row, "input_audio_tokens"),
    cachedInputTextTokens: num(row, "cached_input_text_tokens"),
    cachedInputAudioTokens: num(row, "cached_input_audio_tokens"),
    outputTextTokens: num(row, "output_text_tokens"),
    outputAudioTokens: num(row, "output_audio_tokens"),
    costMicroUsd: numOrNull(row, "cost_micro_usd"),
  };
}

export interface UsageReport {
  totals: UsageFigures;
  /** One per day, agent or channel with calls, in key order; empty without groupBy. */
  groups: Array<UsageFigures & { key: string }>;
}

const GROUP_COLUMN: Record<UsageGroup, string> = {
  day: "day",
  agent: "agent_id",
  channel: "channel",
};

const SUMS = `COUNT(*) AS calls,
  COALESCE(SUM(billable_seconds), 0) AS billable_seconds,
  COALESCE(SUM(input_text_tokens), 0) AS input_text_tokens,
  COALESCE(SUM(input_audio_tokens), 0) AS input_audio_tokens,
  COALESCE(SUM(cached_input_text_tokens + cached_input_audio_tokens), 0) AS cached_input_tokens,
  COALESCE(SUM(output_text_tokens), 0) AS output_text_tokens,
  COALESCE(SUM(output_audio_tokens), 0) AS output_audio_tokens,
  COALESCE(SUM(cost_micro_usd), 0) AS cost_micro_usd,
  COALESCE(SUM(cost_micro_usd IS NULL), 0) AS unpriced_calls`;

function toFigures(row: Row): UsageFigures {
  return {
    calls: num(row, "calls"),
    billableSeconds: num(row, "billable_seconds"),
    inputTextTokens: num(row, "input_text_tokens"),
    inputAudioTokens: num(row, "input_audio_tokens"),
    cachedInputTokens: num(row, "cached_input_tokens"),
    outputTextTokens: num(row, "output_text_tokens"),
    outputAudioTokens: num(row, "output_audio_tokens"),
    costMicroUsd: num(row, "cost_micro_usd"),
    unpricedCalls: num(row, "unpriced_calls"),
  };
}

/** The first instant of the UTC calendar month `at` falls in, and of the next one. */
export function utcMonthOf(at: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { start, end };
}

/** Reports over the usage rows calls leave when they end; every sum is computed in SQL. */
export class UsageStore {
  constructor(private readonly db: Db) {}

  /** One call's usage row; `scope` null reaches every tenant's. Absent until the call ends. */
  async forCall(scope: string | null, callId: string): Promise<CallUsage> {
    const result = await this.db.execute({
      sql: "SELECT * FROM call_usage WHERE call_id = ? AND (? IS NULL OR tenant_id = ?)",
      args: [callId, scope, scope],
    });
    const row = result.rows[0];
    if (!row) {
      throw new DomainError(
        "not_found",
        "no usage for this call: it has not ended, or is not found",
      );
    }
    return toCallUsage(row);
  }

  /** A tenant's usage of calls started from `fromDay` to `toDay` (UTC days, both included). */
  async report(
    tenantId: string,
    range: { fromDay: string; toDay: string },
    groupBy?: UsageGroup,
  ): Promise<UsageReport> {
    const where = "WHERE tenant_id = ? AND day >= ? AND day <= ?";
    const args = [tenantId, range.fromDay, range.toDay];
    const totals = await this.db.execute({ sql: `SELECT ${SUMS} FROM call_usage ${where}`, args });
    const totalsRow = totals.rows[0];
    if (!totalsRow) throw new Error("usage totals returned no row");
    if (!groupBy) return { totals: toFigures(totalsRow), groups: [] };
    const column = GROUP_COLUMN[groupBy];
    const grouped = await this.db.execute({
      sql: `SELECT ${column} AS key, ${SUMS} FROM call_usage ${where} GROUP BY ${column} ORDER BY ${column}`,
      args,
    });
    return {
      totals: toFigures(totalsRow),
      groups: grouped.rows.map((row) => ({ key: String(row.key), ...toFigures(row) })),
    };
  }

  /**
   * Seconds a tenant's calls have used in the UTC calendar month of `now`: ended calls' billable
   * seconds, plus live calls' so far (from when they were answered or connected until `now`).
   * A call counts in the month it started.
   */
  async secondsUsedInMonth(tenantId: string, now: Date): Promise<number> {
    const { start, end } = utcMonthOf(now);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const result = await this.db.execute({
      sql: `SELECT
              (SELECT COALESCE(SUM(billable_seconds), 0) FROM call_usage
                WHERE tenant_id = ? AND day >= ? AND day < ?) AS ended,
              (SELECT COALESCE(SUM(MAX(0, CAST(ROUND((julianday(?) - julianday(billed_from)) * 86400) AS INTEGER))), 0)
                FROM (SELECT COALESCE(MIN(answered_at, media_connected_at), answered_at, media_connected_at) AS billed_from
                      FROM calls WHERE tenant_id = ? AND status != 'ended'
                        AND received_at >= ? AND received_at < ?)
                WHERE billed_from IS NOT NULL) AS live`,
      args: [
        tenantId,
        day(start),
        day(end),
        now.toISOString(),
        tenantId,
        start.toISOString(),
        end.toISOString(),
      ],
    });
    const row = result.rows[0];
    return row ? num(row, "ended") + num(row, "live") : 0;
  }
}
