import { randomBytes } from "node:crypto";
import type { Db } from "./db";
import { hashKey, sameHash } from "./key-material";
import { nowIso } from "./rows";

/**
 * The secret part of a tenant's webhook URL, for providers that cannot sign their deliveries
 * (Wati without a webhook secret). Only its hash is kept; minting again replaces it.
 */
export class WebhookTokenStore {
  constructor(private readonly db: Db) {}

  /** A new token for the tenant's channel, shown once; the previous one stops working. */
  async rotate(tenantId: string, channel: string): Promise<string> {
    const token = `avw_${randomBytes(24).toString("base64url")}`;
    await this.db.execute({
      sql: `INSERT INTO webhook_tokens (tenant_id, channel, token_hash, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (tenant_id, channel) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
      args: [tenantId, channel, hashKey(token), nowIso()],
    });
    return token;
  }

  async exists(tenantId: string, channel: string): Promise<boolean> {
    const result = await this.db.execute({
      sql: "SELECT 1 FROM webhook_tokens WHERE tenant_id = ? AND channel = ?",
      args: [tenantId, channel],
    });
    return result.rows.length > 0;
  }

  /** Compares in constant time; false when the tenant has no token. */
  async matches(tenantId: string, channel: string, presented: string): Promise<boolean> {
    const result = await this.db.execute({
      sql: "SELECT token_hash FROM webhook_tokens WHERE tenant_id = ? AND channel = ?",
      args: [tenantId, channel],
    });
    const stored = result.rows[0]?.token_hash;
    return typeof stored === "string" && sameHash(stored, hashKey(presented));
  }
}
