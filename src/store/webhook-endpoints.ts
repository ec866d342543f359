import type { Row } from "@libsql/client";
import { notFound } from "../domain/errors";
import type { EventType } from "../domain/events-out";
import { newId } from "../domain/ids";
import type { WebhookEndpoint } from "../domain/webhook-endpoint";
import { newEndpointSecret } from "../events-out/standard-webhooks";
import type { Scope } from "./agents";
import type { Db } from "./db";
import { decodeCursor, type Page, type PageRequest, toPage } from "./pagination";
import { nowIso, num, numOrNull, str } from "./rows";
import type { SecretBox } from "./secret-box";

export interface EndpointFields {
  url: string;
  description: string;
  eventTypes: EventType[] | null;
  enabled: boolean;
}

function toEndpoint(row: Row): WebhookEndpoint {
  const types = row.event_types;
  const expires = numOrNull(row, "previous_secret_expires_ms");
  return {
    id: str(row, "id"),
    tenantId: str(row, "tenant_id"),
    url: str(row, "url"),
    description: str(row, "description"),
    eventTypes: typeof types === "string" ? (JSON.parse(types) as EventType[]) : null,
    enabled: num(row, "enabled") === 1,
    previousSecretExpiresAt: expires === null ? null : new Date(expires).toISOString(),
    createdAt: str(row, "created_at"),
    updatedAt: str(row, "updated_at"),
  };
}

/** The sealed secret is bound to its endpoint, so it cannot be moved onto another row. */
const sealContext = (tenantId: string, id: string) => `webhook-endpoint:${tenantId}:${id}`;

/** Tenants' webhook endpoints; secrets sealed at rest and shown only when made. */
export class WebhookEndpointStore {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  async create(
    tenantId: string,
    fields: EndpointFields,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const id = newId("whe");
    const secret = newEndpointSecret();
    const now = nowIso();
    await this.db.execute({
      sql: `INSERT INTO webhook_endpoints (id, tenant_id, url, description, event_types, enabled,
              secret_sealed, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        id,
        tenantId,
        fields.url,
        fields.description,
        fields.eventTypes ? JSON.stringify(fields.eventTypes) : null,
        fields.enabled ? 1 : 0,
        await this.box.seal(secret, sealContext(tenantId, id)),
        now,
        now,
      ],
    });
    return { endpoint: await this.get(tenantId, id), secret };
  }

  async get(scope: Scope, id: string): Promise<WebhookEndpoint> {
    return toEndpoint(await this.row(scope, id));
  }

  async list(
    scope: Scope,
    page: PageRequest,
    filter: { tenantId?: string | undefined },
  ): Promise<Page<WebhookEndpoint>> {
    const after = decodeCursor(page.cursor);
    const tenant = scope ?? filter.tenantId ?? null;
    const result = await this.db.execute({
      sql: `SELECT * FROM webhook_endpoints WHERE (? IS NULL OR tenant_id = ?) AND (? IS NULL OR id < ?)
            ORDER BY id DESC LIMIT ?`,
      args: [tenant, tenant, after, after, page.limit + 1],
    });
    return toPage(result.rows.map(toEndpoint), page.limit);
  }

  async update(scope: Scope, id: string, patch: Partial<EndpointFields>): Promise<WebhookEndpoint> {
    const current = await this.get(scope, id);
    const next = { ...current, ...patch };
    await this.db.execute({
      sql: `UPDATE webhook_endpoints SET url = ?, description = ?, event_types = ?, enabled = ?,
              updated_at = ? WHERE id = ?`,
      args: [
        next.url,
        next.description,
        next.eventTypes ? JSON.stringify(next.eventTypes) : null,
        next.enabled ? 1 : 0,
        nowIso(),
        id,
      ],
    });
    return this.get(scope, id);
  }

  /** Removes the endpoint and its deliveries. */
  async remove(scope: Scope, id: string): Promise<void> {
    await this.row(scope, id);
    await this.db.batch(
      [
        { sql: "DELETE FROM webhook_deliveries WHERE endpoint_id = ?", args: [id] },
        { sql: "DELETE FROM webhook_endpoints WHERE id = ?", args: [id] },
      ],
      "write",
    );
  }

  /**
   * A new secret; the one it replaces keeps signing (alongside) until `overlapMs` from now, so a
   * receiver can switch without missing an event.
   */
  async rotateSecret(
    scope: Scope,
    id: string,
    overlapMs: number,
    nowMs: number = Date.now(),
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const row = await this.row(scope, id);
    const tenantId = str(row, "tenant_id");
    const secret = newEndpointSecret();
    await this.db.execute({
      sql: `UPDATE webhook_endpoints SET secret_sealed = ?, previous_secret_sealed = ?,
              previous_secret_expires_ms = ?, updated_at = ? WHERE id = ?`,
      args: [
        await this.box.seal(secret, sealContext(tenantId, id)),
        overlapMs > 0 ? str(row, "secret_sealed") : null,
        overlapMs > 0 ? nowMs + overlapMs : null,
        nowIso(),
        id,
      ],
    });
    return { endpoint: await this.get(scope, id), secret };
  }

  /** The secrets that sign a delivery made at `nowMs`: the current one, then any still overlapping. */
  async signingSecrets(id: string, nowMs: number): Promise<string[]> {
    const row = await this.row(null, id);
    const context = sealContext(str(row, "tenant_id"), id);
    const secrets = [await this.box.open(str(row, "secret_sealed"), context)];
    const previous = row.previous_secret_sealed;
    const expires = numOrNull(row, "previous_secret_expires_ms");
    if (typeof previous === "string" && expires !== null && nowMs < expires)
      secrets.push(await this.box.open(previous, context));
    return secrets;
  }

  private async row(scope: Scope, id: string): Promise<Row> {
    const result = await this.db.execute({
      sql: "SELECT * FROM webhook_endpoints WHERE id = ? AND (? IS NULL OR tenant_id = ?)",
      args: [id, scope, scope],
    });
    const row = result.rows[0];
    if (!row) throw notFound("webhook endpoint");
    return row;
  }
}
