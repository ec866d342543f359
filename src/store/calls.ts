import type {
  CallChannel,
  CallMessage,
  CallMetrics,
  CallMilestone,
  CallRecord,
  CallStatus,
  EndReason,
  LineFacts,
  MessageRole,
  NewCall,
  ToolCallRecord,
  WaitingCall,
} from "../domain/call";
import { notFound } from "../domain/errors";
import { DEFAULT_PRICE_TABLE, type PriceTable } from "../usage/price-table";
import type { Scope } from "./agents";
import { callAnsweredOnce, callEndedOnce, callStarted, toolFailed } from "./call-events-out";
import { toCall, toMessage, waitingCall } from "./call-rows";
import { callUsageInsert, orphanUsageInsert } from "./call-usage";
import type { Db } from "./db";
import type { PhoneHasher } from "./phone-hash";
import { json, nowIso, str, strOrNull } from "./rows";
import { lineInsertColumns, lineUpdate } from "./transcript-lines";
import { DirectWriter, type StatementWriter } from "./write-outbox";

/** Call records, written as the call goes so that a crash leaves what happened readable. */
export class CallStore {
  constructor(
    private readonly db: Db,
    private readonly phones: PhoneHasher,
    /** Prices the usage row written when a call ends. */
    private readonly prices: PriceTable = DEFAULT_PRICE_TABLE,
    /** Where writes made as a call goes are sent: with a remote primary, through the outbox. */
    private readonly writes: StatementWriter = new DirectWriter(db),
  ) {}

  /** Reports call.started (outbound calls too: when they start waiting for permission or dialling). */
  async create(call: NewCall): Promise<CallRecord> {
    const now = nowIso();
    const insert = {
      sql: `INSERT INTO calls (id, tenant_id, agent_id, agent_version, channel, direction, status,
              provider_call_id, remote_party, machine_id, received_at, updated_at,
              binding_id, dial_to, dial_variables, idempotency_key, draft_revision, remote_number_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        call.id,
        call.tenantId,
        call.agentId,
        call.agentVersion,
        call.channel,
        call.direction,
        call.status ?? "connecting",
        call.providerCallId ?? null,
        call.remoteParty,
        call.machineId,
        call.receivedAt ?? now,
        now,
        call.bindingId ?? null,
        call.dialTo ?? null,
        call.dialVariables ? JSON.stringify(call.dialVariables) : null,
        call.idempotencyKey ?? null,
        call.draftRevision ?? null,
        call.remoteNumber ? this.phones.hash(call.tenantId, call.remoteNumber) : null,
      ],
    };
    const written = await this.writes.write([
      insert,
      callStarted(call, call.receivedAt ?? now, now),
    ]);
    // While the primary is out of reach the call goes on with what it was created from.
    if (written === "queued") return waitingCall(call, call.receivedAt ?? now);
    return this.get(null, call.id);
  }

  /** Records a milestone once; later calls keep the first time. The first answer reports call.answered. */
  async mark(id: string, milestone: CallMilestone, at: string = nowIso()): Promise<void> {
    const status = milestone === "answered_at" ? "active" : null;
    const update = {
      sql: `UPDATE calls SET ${milestone} = COALESCE(${milestone}, ?),
              status = CASE WHEN status = 'ended' THEN status ELSE COALESCE(?, status) END,
              updated_at = ?
            WHERE id = ?`,
      args: [at, status, nowIso(), id],
    };
    if (milestone === "first_agent_audio_at") await this.writes.write([update]);
    else await this.writes.write([update, callAnsweredOnce(id)]);
  }

  /** A live call's sign of life: after a crash, its duration is measured to the last one. */
  async heartbeat(id: string, at: string = nowIso()): Promise<void> {
    await this.writes.write([
      {
        sql: "UPDATE calls SET last_activity_at = ? WHERE id = ? AND status != 'ended'",
        args: [at, id],
      },
    ]);
  }

  async setProviderCallId(id: string, providerCallId: string): Promise<void> {
    await this.writes.write([
      {
        sql: "UPDATE calls SET provider_call_id = ?, updated_at = ? WHERE id = ?",
        args: [providerCallId, nowIso(), id],
      },
    ]);
  }

  /** Ends a call once: the first end reason is the one kept, with its usage row and call.ended. */
  async end(
    id: string,
    outcome: {
      reason: EndReason;
      usage: Record<string, number>;
      metrics: Partial<CallMetrics>;
      model?: string;
    },
  ): Promise<void> {
    const now = nowIso();
    const update = {
      sql: `UPDATE calls SET status = 'ended', ended_at = ?, end_reason = ?, dial_to = NULL, dial_variables = NULL,
              duration_ms = CAST((julianday(?) - julianday(COALESCE(answered_at, received_at))) * 86400000 AS INTEGER),
              usage = ?, metrics = ?, updated_at = ?
            WHERE id = ? AND status != 'ended'`,
      args: [
        now,
        outcome.reason,
        now,
        JSON.stringify(outcome.usage),
        JSON.stringify(outcome.metrics),
        now,
        id,
      ],
    };
    // The usage row before the event, which reports it.
    await this.writes.write([update, callUsageInsert(id, outcome, this.prices), callEndedOnce(id)]);
  }

  /** Moves a call that has not ended to a new status (outbound calls step through several). */
  async setStatus(id: string, status: CallStatus): Promise<void> {
    await this.writes.write([
      {
        sql: "UPDATE calls SET status = ?, updated_at = ? WHERE id = ? AND status != 'ended'",
        args: [status, nowIso(), id],
      },
    ]);
  }

  /** The provider's own word on the call (RINGING, ACCEPTED, REJECTED, COMPLETED…). */
  async setProviderStatus(id: string, status: string): Promise<void> {
    await this.writes.write([
      {
        sql: "UPDATE calls SET provider_status = ?, updated_at = ? WHERE id = ?",
        args: [status, nowIso(), id],
      },
    ]);
  }

  /** One line of the call's lifecycle: what happened, when, with details safe to show. */
  async addEvent(id: string, kind: string, detail: Record<string, unknown> = {}): Promise<void> {
    await this.writes.write([
      {
        sql: "INSERT INTO call_events (call_id, at, kind, detail) VALUES (?, ?, ?, ?)",
        args: [id, nowIso(), kind, JSON.stringify(detail)],
      },
    ]);
  }

  async events(
    id: string,
  ): Promise<Array<{ at: string; kind: string; detail: Record<string, unknown> }>> {
    const result = await this.db.execute({
      sql: "SELECT * FROM call_events WHERE call_id = ? ORDER BY at, rowid",
      args: [id],
    });
    return result.rows.map((row) => ({
      at: str(row, "at"),
      kind: str(row, "kind"),
      detail: json(row, "detail"),
    }));
  }

  /** A provider's call id means something only within one tenant's channel. */
  async findByProviderCallId(
    scope: { tenantId: string; channel: CallChannel },
    providerCallId: string,
  ): Promise<CallRecord | null> {
    const result = await this.db.execute({
      sql: "SELECT * FROM calls WHERE tenant_id = ? AND channel = ? AND provider_call_id = ?",
      args: [scope.tenantId, scope.channel, providerCallId],
    });
    const row = result.rows[0];
    return row ? toCall(row) : null;
  }

  async findByIdempotencyKey(tenantId: string, key: string): Promise<CallRecord | null> {
    const result = await this.db.execute({
      sql: "SELECT * FROM calls WHERE tenant_id = ? AND idempotency_key = ?",
      args: [tenantId, key],
    });
    const row = result.rows[0];
    return row ? toCall(row) : null;
  }

  /**
   * Outbound calls on a line waiting for this user's permission; with `placedBy`, only those
   * placed by then (a reply cannot answer a request made after it).
   */
  async waitingForPermission(
    bindingId: string,
    waId: string,
    placedBy?: string,
  ): Promise<WaitingCall[]> {
    const result = await this.db.execute({
      sql: `SELECT * FROM calls WHERE binding_id = ? AND dial_to = ? AND status = 'waiting_permission'
              AND (? IS NULL OR received_at <= ?)`,
      args: [bindingId, waId, placedBy ?? null, placedBy ?? null],
    });
    return result.rows.map((row) => ({
      ...toCall(row),
      dialVariables: row.dial_variables ? json(row, "dial_variables") : {},
    }));
  }

  /** The number an outbound call dials; null once the call ended. Never for a response. */
  async dialTarget(id: string): Promise<string | null> {
    const result = await this.db.execute({
      sql: "SELECT dial_to FROM calls WHERE id = ?",
      args: [id],
    });
    const row = result.rows[0];
    return row ? strOrNull(row, "dial_to") : null;
  }

  async appendMessage(
    callId: string,
    message: {
      seq: number;
      role: MessageRole;
      text: string;
      itemId: string | null;
      offsetMs: number;
      tool?: ToolCallRecord;
      line?: LineFacts;
    },
  ): Promise<void> {
    const extra = lineInsertColumns(message.line);
    const insert = {
      sql: `INSERT INTO call_messages (call_id, seq, role, text, item_id, offset_ms, tool, created_at${extra.names.map((n) => `, ${n}`).join("")})
            VALUES (?, ?, ?, ?, ?, ?, ?, ?${", ?".repeat(extra.names.length)})`,
      args: [
        callId,
        message.seq,
        message.role,
        message.text,
        message.itemId,
        Math.round(message.offsetMs),
        message.tool ? JSON.stringify(message.tool) : null,
        nowIso(),
        ...(extra.values as Array<string | number | null>),
      ],
    };
    const { tool } = message;
    // A tool call that did not succeed reports tool.failed.
    if (tool && tool.status !== "ok") await this.writes.write([insert, toolFailed(callId, tool)]);
    else await this.writes.write([insert]);
  }

  /** Adds what became known of a transcript line after it was written (its end, a cut, a re-reading). */
  async updateLine(callId: string, itemId: string, patch: LineFacts & { text?: string }) {
    const update = lineUpdate(callId, itemId, patch);
    if (update) await this.writes.write([update]);
  }

  async markInterrupted(callId: string, itemId: string): Promise<void> {
    await this.writes.write([
      {
        sql: "UPDATE call_messages SET interrupted = 1 WHERE call_id = ? AND item_id = ?",
        args: [callId, itemId],
      },
    ]);
  }

  async get(scope: Scope, id: string): Promise<CallRecord> {
    const result = await this.db.execute({
      sql: "SELECT * FROM calls WHERE id = ? AND (? IS NULL OR tenant_id = ?)",
      args: [id, scope, scope],
    });
    const row = result.rows[0];
    if (!row) throw notFound("conversation");
    return toCall(row);
  }

  async messages(callId: string): Promise<CallMessage[]> {
    const result = await this.db.execute({
      sql: "SELECT * FROM call_messages WHERE call_id = ? ORDER BY seq",
      args: [callId],
    });
    return result.rows.map(toMessage);
  }

  /**
   * Calls this machine left open when it last stopped (a crash or a kill) are closed with the
   * reason saying so, ended at their last sign of life (heartbeat or message); their messages were
   * written as they happened and stay readable. Outbound calls still waiting for the user's
   * permission hold no media, so they stay waiting and dial when the permission arrives.
   */
  async closeOrphans(machineId: string): Promise<string[]> {
    const lastSign = `MAX(COALESCE(last_activity_at, received_at),
        COALESCE(answered_at, received_at), COALESCE(media_connected_at, received_at),
        COALESCE((SELECT MAX(created_at) FROM call_messages m WHERE m.call_id = calls.id), received_at))`;
    const orphans = await this.db.execute({
      sql: "SELECT id FROM calls WHERE machine_id = ? AND status NOT IN ('ended', 'waiting_permission')",
      args: [machineId],
    });
    await this.db.batch(
      [
        {
          sql: `UPDATE calls SET status = 'ended', end_reason = 'gateway_restarted', dial_to = NULL, dial_variables = NULL,
              ended_at = ${lastSign}, updated_at = ?,
              duration_ms = CAST((julianday(${lastSign}) - julianday(COALESCE(answered_at, received_at))) * 86400000 AS INTEGER)
            WHERE machine_id = ? AND status NOT IN ('ended', 'waiting_permission')`,
          args: [nowIso(), machineId],
        },
        orphanUsageInsert(machineId),
        // Each closed call reports call.ended, as a call that ends while running does.
        ...orphans.rows.map((row) => callEndedOnce(str(row, "id"))),
      ],
      "write",
    );
    return orphans.rows.map((row) => str(row, "id"));
  }
}
