import type { Row } from "@libsql/client";
import { notFound } from "../domain/errors";
import { newId } from "../domain/ids";
import type { ApiKey } from "../domain/tenant";
import type { Db } from "./db";
import { hashKey, lookupOf, mintTenantKey, sameHash } from "./key-material";
import { decodeCursor, type Page, type PageRequest, toPage } from "./pagination";
import { nowIso, str, strOrNull } from "./rows";

function toApiKey(row: Row): ApiKey {
  return {
    id: str(row, "id"),
    tenantId: str(row, "tenant_id"),
    name: str(row, "name"),
    prefix: `av_key_${str(row, "lookup")}_…`,
    createdAt: str(row, "created_at"),
    lastUsedAt: strOrNull(row, "last_used_at"),
    expiresAt: strOrNull(row, "expires_at"),
    revokedAt: strOrNull(row, "revoked_at"),
  };
}

export class ApiKeyStore {
  /** last_used_at is written at most this often per key, to keep auth off the write path. */
  private readonly touchedAt = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly touchIntervalMs = 60_000,
  ) {}

  /** Returns the full key once; only its hash is kept. */
  async create(
    tenantId: string,
    name: string,
    expiresAt: string | null,
  ): Promise<{ apiKey: ApiKey; key: string }> {
    const { key, lookup } = mintTenantKey();
    const id = newId("key");
    await this.db.execute({
      sql: `INSERT INTO api_keys (id, tenant_id, name, lookup, secret_hash, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)`,
      args: [id, tenantId, name, lookup, hashKey(key), nowIso(), expiresAt],
    });
    return { apiKey: await this.get(tenantId, id), key };
  }

  async get(tenantId: string, id: string): Promise<ApiKey> {
    const result = await this.db.execute({
      sql: "SELECT * FROM api_keys WHERE id = ? AND tenant_id = ?",
      args: [id, tenantId],
    });
    const row = result.rows[0];
    if (!row) throw notFound("API key");
    return toApiKey(row);
  }

  async list(tenantId: string, page: PageRequest): Promise<Page<ApiKey>> {
    const after = decodeCursor(page.cursor);
    const result = await this.db.execute({
      sql: `SELECT * FROM api_keys WHERE tenant_id = ? AND (? IS NULL OR id < ?)
            ORDER BY id DESC LIMIT ?`,
      args: [tenantId, after, after, page.limit + 1],
    });
    return toPage(result.rows.map(toApiKey), page.limit);
  }

  async revoke(tenantId: string, id: string): Promise<ApiKey> {
    const key = await this.get(tenantId, id);
    if (!key.revokedAt) {
      await this.db.execute({
        sql: "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND tenant_id = ?",
        args: [nowIso(), id, tenantId],
      });
    }
    return this.get(tenantId, id);
  }

  /** The live key matching a presented secret, or null: unknown, revoked, expired or wrong. */
  async verify(presented: string, now = new Date()): Promise<ApiKey | null> {
    const lookup = lookupOf(presented);
    if (!lookup) return null;
    const result = await this.db.execute({
      sql: `SELECT k.* FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
            WHERE k.lookup = ? AND t.deleted_at IS NULL`,
      args: [lookup],
    });
    const row = result.rows[0];
    if (!row || !sameHash(hashKey(presented), str(row, "secret_hash"))) return null;
    const key = toApiKey(row);
    if (key.revokedAt) return null;
    if (key.expiresAt && Date.parse(key.expiresAt) <= now.getTime()) return null;
    await this.touch(key.id, now);
    return key;
  }

  private async touch(id: string, now: Date): Promise<void> {
    const last = this.touchedAt.get(id) ?? 0;
    if (now.getTime() - last < this.touchIntervalMs) return;
    this.touchedAt.set(id, now.getTime());
    await this.db.execute({
      sql: "UPDATE api_keys SET last_used_at = ? WHERE id = ?",
      args: [now.toISOString(), id],
    });
  }
}
