import type { CallRef } from "../retention/conversation-parts";
import type { Db } from "./db";
import { nowIso, numOrNull, str, strOrNull } from "./rows";

export interface RetentionSettings {
  /** Recordings older than this many days (from the call's end) are erased; null keeps them. */
  recordingDays: number | null;
  /** Transcripts older than this many days (from the call's end) are erased; null keeps them. */
  transcriptDays: number | null;
  updatedAt: string | null;
}

export type RetainedPart = "transcript" | "recording";

const ERASED_COLUMN: Record<RetainedPart, string> = {
  transcript: "transcript_erased_at",
  recording: "recording_erased_at",
};
const DAYS_COLUMN: Record<RetainedPart, string> = {
  transcript: "transcript_days",
  recording: "recording_days",
};

/** Tenants' retention settings, the calls past them, and marks of what was erased when. */
export class RetentionStore {
  constructor(private readonly db: Db) {}

  async get(tenantId: string): Promise<RetentionSettings> {
    const result = await this.db.execute({
      sql: "SELECT * FROM tenant_retention WHERE tenant_id = ?",
      args: [tenantId],
    });
    const row = result.rows[0];
    if (!row) return { recordingDays: null, transcriptDays: null, updatedAt: null };
    return {
      recordingDays: numOrNull(row, "recording_days"),
      transcriptDays: numOrNull(row, "transcript_days"),
      updatedAt: strOrNull(row, "updated_at"),
    };
  }

  async set(
    tenantId: string,
    settings: { recordingDays: number | null; transcriptDays: number | null },
  ): Promise<RetentionSettings> {
    await this.db.execute({
      sql: `INSERT INTO tenant_retention (tenant_id, recording_days, transcript_days, updated_at)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (tenant_id) DO UPDATE SET recording_days = excluded.recording_days,
              transcript_days = excluded.transcript_days, updated_at = excluded.updated_at`,
      args: [tenantId, settings.recordingDays, settings.transcriptDays, nowIso()],
    });
    return this.get(tenantId);
  }

  /** Tenants keeping `part` for a limited time, with the number of days. */
  async limited(part: RetainedPart): Promise<Array<{ tenantId: string; days: number }>> {
    const column = DAYS_COLUMN[part];
    const result = await this.db.execute(
      `SELECT tenant_id, ${column} AS days FROM tenant_retention WHERE ${column} IS NOT NULL`,
    );
    return result.rows.map((row) => ({
      tenantId: str(row, "tenant_id"),
      days: Number(row.days),
    }));
  }

  /** Up to `limit` of the tenant's ended calls that still hold `part` and ended before `cutoff`. */
  async due(
    part: RetainedPart,
    tenantId: string,
    cutoff: string,
    limit: number,
  ): Promise<CallRef[]> {
    const result = await this.db.execute({
      sql: `SELECT id, tenant_id FROM calls
            WHERE tenant_id = ? AND ended_at IS NOT NULL AND ${ERASED_COLUMN[part]} IS NULL
              AND ended_at < ?
            ORDER BY ended_at LIMIT ?`,
      args: [tenantId, cutoff, limit],
    });
    return result.rows.map((row) => ({ id: str(row, "id"), tenantId: str(row, "tenant_id") }));
  }

  /** Marks `part` erased on these calls (the first time is kept). */
  async markErased(part: RetainedPart, callIds: string[]): Promise<void> {
    if (callIds.length === 0) return;
    const column = ERASED_COLUMN[part];
    await this.db.execute({
      sql: `UPDATE calls SET ${column} = COALESCE(${column}, ?)
            WHERE id IN (${callIds.map(() => "?").join(", ")})`,
      args: [nowIso(), ...callIds],
    });
  }

  /**
   * After every part was erased: the call says so and keeps only what is not personal
   * (channel, times, end reason, usage, metrics). The number's hash goes, the masked number
   * keeps no digits, the outcome (from the analysis) goes.
   */
  async markDeleted(callId: string): Promise<void> {
    const now = nowIso();
    await this.db.execute({
      sql: `UPDATE calls SET content_deleted_at = COALESCE(content_deleted_at, ?),
              transcript_erased_at = COALESCE(transcript_erased_at, ?),
              recording_erased_at = COALESCE(recording_erased_at, ?),
              remote_number_hash = NULL, outcome = NULL, updated_at = ?,
              remote_party = CASE WHEN remote_party LIKE '••••%' THEN '••••' ELSE remote_party END
            WHERE id = ?`,
      args: [now, now, now, now, callId],
    });
  }
}
