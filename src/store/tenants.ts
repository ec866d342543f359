import type { Row } from "@libsql/client";
import { notFound } from "../domain/errors";
import { newId } from "../domain/ids";
import type { Tenant, TenantStatus } from "../domain/tenant";
import type { Db } from "./db";
import { decodeCursor, type Page, type PageRequest, toPage } from "./pagination";
import { json, nowIso, num, numOrNull, str, strOrNull } from "./rows";
import { parseBrand } from "./tenant-brands";

export interface TenantInput {
  name: string;
  status?: TenantStatus;
  plan?: string | null;
  maxConcurrentCalls?: number | null;
  monthlyMinutes?: number | null;
  metadata?: Record<string, string>;
}

function toTenant(row: Row): Tenant {
  return {
    id: str(row, "id"),
    name: str(row, "name"),
    status: str(row, "status") as TenantStatus,
    plan: strOrNull(row, "plan"),
    maxConcurrentCalls: numOrNull(row, "max_concurrent_calls"),
    monthlyMinutes: numOrNull(row, "monthly_minutes"),
    metadata: json(row, "metadata"),
    brand: parseBrand(row.brand),
    createdAt: str(row, "created_at"),
    updatedAt: str(row, "updated_at"),
  };
}

export class TenantStore {
  constructor(private readonly db: Db) {}

  async create(input: TenantInput): Promise<Tenant> {
    const now = nowIso();
    const id = newId("ten");
    await this.db.execute({
      sql: `INSERT INTO tenants (id, name, status, plan, max_concurrent_calls, monthly_minutes, metadata, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        id,
        input.name,
        input.status ?? "active",
        input.plan ?? null,
        input.maxConcurrentCalls ?? null,
        input.monthlyMinutes ?? null,
        JSON.stringify(input.metadata ?? {}),
        now,
        now,
      ],
    });
    return this.get(id);
  }

  /** Soft-deleted tenants are not found. */
  async get(id: string): Promise<Tenant> {
    const result = await this.db.execute({
      sql: "SELECT * FROM tenants WHERE id = ? AND deleted_at IS NULL",
      args: [id],
    });
    const row = result.rows[0];
    if (!row) throw notFound("tenant");
    return toTenant(row);
  }

  /** Every tenant ever created, deleted ones included: zero only for a new database. */
  async countEverCreated(): Promise<number> {
    const result = await this.db.execute("SELECT COUNT(*) AS n FROM tenants");
    const row = result.rows[0];
    return row ? num(row, "n") : 0;
  }

  async list(
    page: PageRequest,
    filter: { status?: TenantStatus | undefined },
  ): Promise<Page<Tenant>> {
    const after = decodeCursor(page.cursor);
    const result = await this.db.execute({
      sql: `SELECT * FROM tenants WHERE deleted_at IS NULL
              AND (? IS NULL OR id < ?) AND (? IS NULL OR status = ?)
            ORDER BY id DESC LIMIT ?`,
      args: [after, after, filter.status ?? null, filter.status ?? null, page.limit + 1],
    });
    return toPage(result.rows.map(toTenant), page.limit);
  }

  async update(id: string, patch: Partial<TenantInput>): Promise<Tenant> {
    const current = await this.get(id);
    const next = { ...current, ...patch };
    await this.db.execute({
      sql: `UPDATE tenants SET name = ?, status = ?, plan = ?, max_concurrent_calls = ?, monthly_minutes = ?,
              metadata = ?, updated_at = ?
            WHERE id = ? AND deleted_at IS NULL`,
      args: [
        next.name,
        next.status,
        next.plan ?? null,
        next.maxConcurrentCalls ?? null,
        next.monthlyMinutes ?? null,
        JSON.stringify(next.metadata ?? {}),
        nowIso(),
        id,
      ],
    });
    return this.get(id);
  }

  /** Soft delete: the tenant disappears, its keys stop working, its records stay. */
  async remove(id: string): Promise<void> {
    await this.get(id);
    const now = nowIso();
    await this.db.batch(
      [
        {
          sql: "UPDATE tenants SET deleted_at = ?, updated_at = ? WHERE id = ?",
          args: [now, now, id],
        },
        {
          sql: "UPDATE api_keys SET revoked_at = ? WHERE tenant_id = ? AND revoked_at IS NULL",
          args: [now, id],
        },
        { sql: "DELETE FROM channel_bindings WHERE tenant_id = ?", args: [id] },
      ],
      "write",
    );
  }
}
