import { replyGaps, type TranscriptLine } from "../transcripts/reply-gaps";
import type { Db } from "./db";
import { numOrNull, str } from "./rows";

/** One agent reply: when its call started, and how long the caller waited for it. */
export interface TurnLatency {
  /** The call's start (epoch ms): turns are placed at their call's start. */
  callStartedAt: number;
  /** The caller's speech ended → the agent's first audio went out, on the call clock. */
  latencyMs: number;
}

/**
 * Per-turn reply latencies read back from the stored transcripts: each caller line ends where
 * the caller stopped speaking and each agent line starts where its first audio went out, both on
 * the call clock (as on the recording). A conversation whose transcript was erased has none.
 */
export class TurnLatencies {
  constructor(private readonly db: Db) {}

  /** The turns of `tenantId`'s calls started in [from, to). */
  async between(tenantId: string, from: Date, to: Date): Promise<TurnLatency[]> {
    const result = await this.db.execute({
      sql: `SELECT m.call_id, c.received_at, m.role, m.start_ms, m.end_ms
        FROM calls c JOIN call_messages m ON m.call_id = c.id
        WHERE c.tenant_id = ? AND c.received_at >= ? AND c.received_at < ?
          AND m.role IN ('user', 'assistant')
        ORDER BY m.call_id`,
      args: [tenantId, from.toISOString(), to.toISOString()],
    });
    const turns: TurnLatency[] = [];
    let callId = "";
    let callStartedAt = 0;
    let lines: TranscriptLine[] = [];
    const flush = () => {
      for (const latencyMs of replyGaps(lines)) turns.push({ callStartedAt, latencyMs });
    };
    for (const row of result.rows) {
      if (str(row, "call_id") !== callId) {
        flush();
        callId = str(row, "call_id");
        callStartedAt = Date.parse(str(row, "received_at"));
        lines = [];
      }
      lines.push({
        role: str(row, "role") as TranscriptLine["role"],
        startMs: numOrNull(row, "start_ms"),
        endMs: numOrNull(row, "end_ms"),
      });
    }
    flush();
    return turns;
  }
}
