import type { Row } from "@libsql/client";
import {
  type CredentialKind,
  type CredentialValues,
  type MaskedCredential,
  maskValues,
} from "../domain/credentials";
import { notFound } from "../domain/errors";
import { newId } from "../domain/ids";
import type { Db } from "./db";
import { decodeCursor, type Page, type PageRequest, toPage } from "./pagination";
import { json, nowIso, str } from "./rows";
import type { SecretBox } from "./secret-box";

function toMasked(row: Row): MaskedCredential {
  return {
    id: str(row, "id"),
    tenantId: str(row, "tenant_id"),
    name: str(row, "name"),
    kind: str(row, "kind") as CredentialKind,
    values: json(row, "masked"),
    createdAt: str(row, "created_at"),
    updatedAt: str(row, "updated_at"),
  };
}

/** The sealed value is bound to its tenant and name, so it cannot be moved between rows. */
const sealContext = (tenantId: string, name: string) => `credential:${tenantId}:${name}`;

/** Provider secrets per tenant, sealed with AES-256-GCM; only masked forms ever leave. */
export class CredentialStore {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  /** Creates or replaces the named credential. */
  async put(tenantId: string, name: string, values: CredentialValues): Promise<MaskedCredential> {
    const sealed = await this.box.seal(JSON.stringify(values), sealContext(tenantId, name));
    const now = nowIso();
    await this.db.execute({
      sql: `INSERT INTO credentials (id, tenant_id, name, kind, sealed, masked, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, name) DO UPDATE SET
              kind = excluded.kind, sealed = excluded.sealed, masked = excluded.masked,
              updated_at = excluded.updated_at`,
      args: [
        newId("cred"),
        tenantId,
        name,
        values.kind,
        sealed,
        JSON.stringify(maskValues(values)),
        now,
        now,
      ],
    });
    return this.get(tenantId, name);
  }

  async get(tenantId: string, name: string): Promise<MaskedCredential> {
    return toMasked(await this.row(tenantId, name));
  }

  async list(tenantId: string, page: PageRequest): Promise<Page<MaskedCredential>> {
    const after = decodeCursor(page.cursor);
    const result = await this.db.execute({
      sql: `SELECT * FROM credentials WHERE tenant_id = ? AND (? IS NULL OR id < ?)
            ORDER BY id DESC LIMIT ?`,
      args: [tenantId, after, after, page.limit + 1],
    });
    return toPage(result.rows.map(toMasked), page.limit);
  }

  async remove(tenantId: string, name: string): Promise<void> {
    await this.row(tenantId, name);
    await this.db.execute({
      sql: "DELETE FROM credentials WHERE tenant_id = ? AND name = ?",
      args: [tenantId, name],
    });
  }

  /** The plain values, for the code that calls a provider. Never for an API response. */
  async reveal(tenantId: string, name: string): Promise<CredentialValues> {
    const row = await this.row(tenantId, name);
    return JSON.parse(await this.box.open(str(row, "sealed"), sealContext(tenantId, name)));
  }

  private async row(tenantId: string, name: string): Promise<Row> {
    const result = await this.db.execute({
      sql: "SELECT * FROM credentials WHERE tenant_id = ? AND name = ?",
      args: [tenantId, name],
    });
    const row = result.rows[0];
    if (!row) throw notFound("credential");
    return row;
  }
}
