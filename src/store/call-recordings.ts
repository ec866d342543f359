import type { Row } from "@libsql/client";
import type { Db } from "./db";
import { outboxInsert } from "./event-outbox";
import { nowIso, num, numOrNull, str, strOrNull } from "./rows";

export const RECORDING_STATUSES = ["recording", "ready", "failed", "deleted"] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];
/** How the two channels are laid out; also what the recording.ready event says. */
export const STEREO_LAYOUT = "caller-left agent-right";

export interface RecordingRow {
  callId: string;
  tenantId: string;
  status: RecordingStatus;
  blobKey: string;
  durationMs: number | null;
  sizeBytes: number | null;
  channels: number;
  layout: string;
  failure: string | null;
  startedAt: string;
  updatedAt: string;
}

/** What a conversation shows of its recording. */
export interface RecordingSummary {
  status: RecordingStatus;
  durationMs: number | null;
  sizeBytes: number | null;
  channels: number;
  layout: string;
}

function toRow(row: Row): RecordingRow {
  return {
    callId: str(row, "call_id"),
    tenantId: str(row, "tenant_id"),
    status: str(row, "status") as RecordingStatus,
    blobKey: str(row, "blob_key"),
    durationMs: numOrNull(row, "duration_ms"),
    sizeBytes: numOrNull(row, "size_bytes"),
    channels: num(row, "channels"),
    layout: str(row, "layout"),
    failure: strOrNull(row, "failure"),
    startedAt: str(row, "started_at"),
    updatedAt: str(row, "updated_at"),
  };
}

export function summaryOf(row: RecordingRow): RecordingSummary {
  const { status, durationMs, sizeBytes, channels, layout } = row;
  return { status, durationMs, sizeBytes, channels, layout };
}

/** The call_recordings table: one row per recorded call. Callers scope by tenant themselves. */
export class CallRecordingStore {
  constructor(private readonly db: Db) {}

  async create(callId: string, tenantId: string, blobKey: string): Promise<void> {
    const at = nowIso();
    await this.db.execute({
      sql: `INSERT INTO call_recordings (call_id, tenant_id, status, blob_key, channels, layout, started_at, updated_at)
            VALUES (?, ?, 'recording', ?, 2, ?, ?, ?) ON CONFLICT(call_id) DO NOTHING`,
      args: [callId, tenantId, blobKey, STEREO_LAYOUT, at, at],
    });
  }

  async get(callId: string): Promise<RecordingRow | null> {
    const result = await this.db.execute({
      sql: "SELECT * FROM call_recordings WHERE call_id = ?",
      args: [callId],
    });
    const [row] = result.rows;
    return row ? toRow(row) : null;
  }

  /** Summaries of these calls' recordings, by call id (calls without one are absent). */
  async summaries(callIds: readonly string[]): Promise<Map<string, RecordingSummary>> {
    const found = new Map<string, RecordingSummary>();
    if (callIds.length === 0) return found;
    const result = await this.db.execute({
      sql: `SELECT * FROM call_recordings WHERE call_id IN (${callIds.map(() => "?").join(", ")})`,
      args: [...callIds],
    });
    for (const row of result.rows.map(toRow)) found.set(row.callId, summaryOf(row));
    return found;
  }

  /** Recordings still open although their call has ended: a crash or a failed finish left them. */
  async openOfEndedCalls(): Promise<RecordingRow[]> {
    const result = await this.db.execute(
      `SELECT r.* FROM call_recordings r JOIN calls c ON c.id = r.call_id
        WHERE r.status = 'recording' AND c.status = 'ended' ORDER BY r.started_at`,
    );
    return result.rows.map(toRow);
  }

  /**
   * Marks the recording ready and records `call.recording.ready`, in one transaction; the event
   * only when this call changed the row (two finishers racing report it once). False if the
   * recording was no longer open.
   */
  async markReady(row: RecordingRow, done: { durationMs: number; sizeBytes: number }) {
    const at = nowIso();
    const tx = await this.db.transaction("write");
    try {
      const updated = await tx.execute({
        sql: `UPDATE call_recordings SET status = 'ready', duration_ms = ?, size_bytes = ?, updated_at = ?
              WHERE call_id = ? AND status = 'recording'`,
        args: [done.durationMs, done.sizeBytes, at, row.callId],
      });
      if (updated.rowsAffected === 1) {
        await tx.execute(
          outboxInsert(
            {
              tenantId: row.tenantId,
              type: "call.recording.ready",
              callId: row.callId,
              data: {
                callId: row.callId,
                durationMs: done.durationMs,
                sizeBytes: done.sizeBytes,
                channels: row.channels,
                layout: row.layout,
                contentType: "audio/ogg",
              },
            },
            at,
          ),
        );
      }
      await tx.commit();
      return updated.rowsAffected === 1;
    } finally {
      tx.close();
    }
  }

  async markFailed(callId: string, failure: string): Promise<void> {
    await this.db.execute({
      sql: `UPDATE call_recordings SET status = 'failed', failure = ?, updated_at = ?
            WHERE call_id = ? AND status = 'recording'`,
      args: [failure, nowIso(), callId],
    });
  }

  async markDeleted(callId: string): Promise<void> {
    await this.db.execute({
      sql: `UPDATE call_recordings SET status = 'deleted', size_bytes = 0, updated_at = ?
            WHERE call_id = ?`,
      args: [nowIso(), callId],
    });
  }
}
