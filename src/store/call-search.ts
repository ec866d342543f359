import type { InValue } from "@libsql/client";
import type { CallChannel, CallDirection, CallRecord, CallStatus, EndReason } from "../domain/call";
import { invalid } from "../domain/errors";
import type { Scope } from "./agents";
import { toCall } from "./call-rows";
import type { Db } from "./db";
import { toFtsQuery } from "./fts-query";
import { decodeCursor, type Page, type PageRequest, toPage } from "./pagination";
import type { PhoneHasher } from "./phone-hash";

export interface ConversationFilter {
  /** The operator's choice of tenant; a tenant key is always confined to its own. */
  tenantId?: string | undefined;
  agentId?: string | undefined;
  channel?: CallChannel | undefined;
  direction?: CallDirection | undefined;
  status?: CallStatus | undefined;
  outcome?: string | undefined;
  endReason?: EndReason | undefined;
  /** Received at or after (ISO 8601). */
  from?: string | undefined;
  /** Received before (ISO 8601). */
  to?: string | undefined;
  /** The other party's full number; matched by its keyed hash. */
  phone?: string | undefined;
  /** Words spoken in the call, all of them (full text over the transcript). */
  q?: string | undefined;
}

/** Conversations by any mix of filters, newest first, paged by cursor, all in one query. */
export class CallSearch {
  constructor(
    private readonly db: Db,
    private readonly phones: PhoneHasher,
  ) {}

  async list(
    scope: Scope,
    page: PageRequest,
    filter: ConversationFilter,
  ): Promise<Page<CallRecord>> {
    const where: string[] = [];
    const args: InValue[] = [];
    const add = (sql: string, ...values: InValue[]) => {
      where.push(sql);
      args.push(...values);
    };
    const tenant = scope ?? filter.tenantId ?? null;
    if (tenant !== null) add("tenant_id = ?", tenant);
    if (filter.agentId) add("agent_id = ?", filter.agentId);
    if (filter.channel) add("channel = ?", filter.channel);
    if (filter.direction) add("direction = ?", filter.direction);
    if (filter.status) add("status = ?", filter.status);
    if (filter.outcome) add("outcome = ?", filter.outcome);
    if (filter.endReason) add("end_reason = ?", filter.endReason);
    if (filter.from) add("received_at >= ?", new Date(filter.from).toISOString());
    if (filter.to) add("received_at < ?", new Date(filter.to).toISOString());
    if (filter.phone !== undefined) {
      // The hash is bound to a tenant, so a number is looked up within one.
      if (tenant === null) throw invalid("query.phone: name the tenant (tenantId) to search by");
      const hash = this.phones.hash(tenant, filter.phone);
      if (hash === null)
        throw invalid("query.phone: must be a phone number in international form (+…)");
      add("remote_number_hash = ?", hash);
    }
    if (filter.q !== undefined) {
      add(
        `id IN (SELECT m.call_id FROM call_messages_fts f JOIN call_messages m ON m.rowid = f.rowid
          WHERE call_messages_fts MATCH ?)`,
        toFtsQuery(filter.q),
      );
    }
    const after = decodeCursor(page.cursor);
    if (after !== null) add("id < ?", after);
    const result = await this.db.execute({
      sql: `SELECT * FROM calls ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
            ORDER BY id DESC LIMIT ?`,
      args: [...args, page.limit + 1],
    });
    return toPage(result.rows.map(toCall), page.limit);
  }
}
