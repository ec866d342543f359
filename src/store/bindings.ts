import type { Row } from "@libsql/client";
import type { Channel, ChannelBinding, WebhookOrigin, WebhookRoute } from "../domain/binding";
import { conflict, notFound } from "../domain/errors";
import { newId } from "../domain/ids";
import type { Scope } from "./agents";
import type { Db } from "./db";
import { decodeCursor, type Page, type PageRequest, toPage } from "./pagination";
import { nowIso, str, strOrNull } from "./rows";

function toBinding(row: Row): ChannelBinding {
  return {
    id: str(row, "id"),
    tenantId: str(row, "tenant_id"),
    agentId: str(row, "agent_id"),
    channel: str(row, "channel") as Channel,
    address: str(row, "address"),
    label: str(row, "label"),
    credentialName: strOrNull(row, "credential_name"),
    webhookOrigin: str(row, "webhook_origin") as WebhookOrigin,
    createdAt: str(row, "created_at"),
    updatedAt: str(row, "updated_at"),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed/i.test(error.message);
}

export class BindingStore {
  constructor(private readonly db: Db) {}

  async create(
    tenantId: string,
    input: {
      agentId: string;
      channel: Channel;
      address: string;
      label: string;
      credentialName?: string | null;
      webhookOrigin: WebhookOrigin;
    },
  ): Promise<ChannelBinding> {
    const now = nowIso();
    const id = newId("bnd");
    try {
      await this.db.execute({
        sql: `INSERT INTO channel_bindings (id, tenant_id, agent_id, channel, address, label, credential_name, webhook_origin, created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [
          id,
          tenantId,
          input.agentId,
          input.channel,
          input.address,
          input.label,
          input.credentialName ?? null,
          input.webhookOrigin,
          now,
          now,
        ],
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict(`this ${input.channel} address is already bound`);
      throw error;
    }
    return this.get(tenantId, id);
  }

  async get(scope: Scope, id: string): Promise<ChannelBinding> {
    const result = await this.db.execute({
      sql: "SELECT * FROM channel_bindings WHERE id = ? AND (? IS NULL OR tenant_id = ?)",
      args: [id, scope, scope],
    });
    const row = result.rows[0];
    if (!row) throw notFound("channel binding");
    return toBinding(row);
  }

  /**
   * The line a webhook names, among the lines of the route it came on only: the platform route
   * reaches platform-onboarded lines, a tenant's route only that tenant's own.
   */
  async resolveForRoute(
    route: WebhookRoute,
    channel: Channel,
    address: string,
  ): Promise<ChannelBinding | null> {
    const tenantId = route.kind === "tenant" ? route.tenantId : null;
    const result = await this.db.execute({
      sql: `SELECT * FROM channel_bindings WHERE channel = ? AND address = ? AND webhook_origin = ?
              AND (? IS NULL OR tenant_id = ?)`,
      args: [channel, address, route.kind, tenantId, tenantId],
    });
    const row = result.rows[0];
    return row ? toBinding(row) : null;
  }

  /** Whether any tenant's line has this address (on any route). */
  async isBound(channel: Channel, address: string): Promise<boolean> {
    const result = await this.db.execute({
      sql: "SELECT 1 FROM channel_bindings WHERE channel = ? AND address = ?",
      args: [channel, address],
    });
    return result.rows.length > 0;
  }

  async list(
    scope: Scope,
    page: PageRequest,
    filter: {
      tenantId?: string | undefined;
      agentId?: string | undefined;
      channel?: Channel | undefined;
    },
  ): Promise<Page<ChannelBinding>> {
    const after = decodeCursor(page.cursor);
    const tenant = scope ?? filter.tenantId ?? null;
    const result = await this.db.execute({
      sql: `SELECT * FROM channel_bindings WHERE (? IS NULL OR tenant_id = ?)
              AND (? IS NULL OR agent_id = ?) AND (? IS NULL OR channel = ?)
              AND (? IS NULL OR id < ?)
            ORDER BY id DESC LIMIT ?`,
      args: [
        tenant,
        tenant,
        filter.agentId ?? null,
        filter.agentId ?? null,
        filter.channel ?? null,
        filter.channel ?? null,
        after,
        after,
        page.limit + 1,
      ],
    });
    return toPage(result.rows.map(toBinding), page.limit);
  }

  async update(
    scope: Scope,
    id: string,
    patch: { agentId?: string; label?: string },
  ): Promise<ChannelBinding> {
    const current = await this.get(scope, id);
    await this.db.execute({
      sql: "UPDATE channel_bindings SET agent_id = ?, label = ?, updated_at = ? WHERE id = ?",
      args: [patch.agentId ?? current.agentId, patch.label ?? current.label, nowIso(), id],
    });
    return this.get(scope, id);
  }

  async remove(scope: Scope, id: string): Promise<void> {
    await this.get(scope, id);
    await this.db.execute({ sql: "DELETE FROM channel_bindings WHERE id = ?", args: [id] });
  }
}
