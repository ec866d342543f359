import type { Row } from "@libsql/client";
import type { Agent, AgentVersion } from "../domain/agent";
import type { AgentConfig } from "../domain/agent-config";
import { conflict, invalid, notFound } from "../domain/errors";
import { newId } from "../domain/ids";
import type { Db } from "./db";
import { decodeCursor, type Page, type PageRequest, toPage } from "./pagination";
import { json, nowIso, num, numOrNull, str } from "./rows";

/** Tenant scope: a tenant id limits every read and write to that tenant; null is the admin's view. */
export type Scope = string | null;

function toAgent(row: Row): Agent {
  return {
    id: str(row, "id"),
    tenantId: str(row, "tenant_id"),
    name: str(row, "name"),
    description: str(row, "description"),
    draft: json(row, "draft_config"),
    draftRevision: num(row, "draft_revision"),
    publishedVersion: numOrNull(row, "published_version"),
    createdAt: str(row, "created_at"),
    updatedAt: str(row, "updated_at"),
  };
}

function toVersion(row: Row): AgentVersion {
  return {
    agentId: str(row, "agent_id"),
    version: num(row, "version"),
    config: json(row, "config"),
    note: str(row, "note"),
    sourceVersion: numOrNull(row, "source_version"),
    publishedBy: str(row, "published_by"),
    publishedAt: str(row, "published_at"),
  };
}

export interface AgentFilter {
  tenantId?: string | undefined;
  published?: boolean | undefined;
  name?: string | undefined;
}

export class AgentStore {
  constructor(private readonly db: Db) {}

  async create(tenantId: string, input: { name: string; description: string; draft: AgentConfig }) {
    const now = nowIso();
    const id = newId("agt");
    await this.db.execute({
      sql: `INSERT INTO agents (id, tenant_id, name, description, draft_config, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)`,
      args: [id, tenantId, input.name, input.description, JSON.stringify(input.draft), now, now],
    });
    return this.get(tenantId, id);
  }

  async get(scope: Scope, id: string): Promise<Agent> {
    const result = await this.db.execute({
      sql: "SELECT * FROM agents WHERE id = ? AND deleted_at IS NULL AND (? IS NULL OR tenant_id = ?)",
      args: [id, scope, scope],
    });
    const row = result.rows[0];
    if (!row) throw notFound("agent");
    return toAgent(row);
  }

  async list(scope: Scope, page: PageRequest, filter: AgentFilter): Promise<Page<Agent>> {
    const after = decodeCursor(page.cursor);
    const tenant = scope ?? filter.tenantId ?? null;
    const published = filter.published === undefined ? null : filter.published ? 1 : 0;
    const result = await this.db.execute({
      sql: `SELECT * FROM agents WHERE deleted_at IS NULL
              AND (? IS NULL OR tenant_id = ?)
              AND (? IS NULL OR (published_version IS NOT NULL) = ?)
              AND (? IS NULL OR instr(lower(name), lower(?)) > 0)
              AND (? IS NULL OR id < ?)
            ORDER BY id DESC LIMIT ?`,
      args: [
        tenant,
        tenant,
        published,
        published,
        filter.name ?? null,
        filter.name ?? null,
        after,
        after,
        page.limit + 1,
      ],
    });
    return toPage(result.rows.map(toAgent), page.limit);
  }

  /**
   * Replaces name, description and draft. With `expectedRevision`, a draft edited by someone
   * else since it was read is a conflict instead of a silent overwrite.
   */
  async update(
    scope: Scope,
    id: string,
    patch: { name?: string; description?: string; draft?: AgentConfig },
    expectedRevision?: number,
  ): Promise<Agent> {
    const current = await this.get(scope, id);
    if (expectedRevision !== undefined && expectedRevision !== current.draftRevision) {
      throw conflict("the draft changed since it was read", {
        draftRevision: current.draftRevision,
      });
    }
    const draftChanged = patch.draft !== undefined;
    const result = await this.db.execute({
      sql: `UPDATE agents SET name = ?, description = ?, draft_config = ?,
              draft_revision = draft_revision + ?, updated_at = ?
            WHERE id = ? AND draft_revision = ? AND deleted_at IS NULL`,
      args: [
        patch.name ?? current.name,
        patch.description ?? current.description,
        JSON.stringify(patch.draft ?? current.draft),
        draftChanged ? 1 : 0,
        nowIso(),
        id,
        current.draftRevision,
      ],
    });
    if (result.rowsAffected === 0) throw conflict("the draft changed while it was being saved");
    return this.get(scope, id);
  }

  async remove(scope: Scope, id: string): Promise<void> {
    await this.get(scope, id);
    const now = nowIso();
    await this.db.batch(
      [
        {
          sql: "UPDATE agents SET deleted_at = ?, updated_at = ? WHERE id = ?",
          args: [now, now, id],
        },
        { sql: "DELETE FROM channel_bindings WHERE agent_id = ?", args: [id] },
      ],
      "write",
    );
  }

  /** Publishes the draft as version N+1. */
  async publish(scope: Scope, id: string, note: string, by: string): Promise<AgentVersion> {
    const agent = await this.get(scope, id);
    return this.appendVersion(agent, agent.draft, note, null, by);
  }

  /** Publishes an older version's config again, as version N+1. */
  async rollback(scope: Scope, id: string, version: number, by: string): Promise<AgentVersion> {
    const agent = await this.get(scope, id);
    const source = await this.getVersion(scope, id, version);
    return this.appendVersion(agent, source.config, `rollback to version ${version}`, version, by);
  }

  async listVersions(scope: Scope, id: string, page: PageRequest): Promise<Page<AgentVersion>> {
    await this.get(scope, id);
    const before = page.cursor ? Number(Buffer.from(page.cursor, "base64url").toString()) : null;
    if (before !== null && !Number.isInteger(before))
      throw invalid("cursor is not one this API returned");
    const result = await this.db.execute({
      sql: `SELECT * FROM agent_versions WHERE agent_id = ? AND (? IS NULL OR version < ?)
            ORDER BY version DESC LIMIT ?`,
      args: [id, before, before, page.limit + 1],
    });
    const versions = result.rows.map(toVersion);
    const data = versions.slice(0, page.limit);
    const last = data.at(-1);
    const nextCursor =
      versions.length > page.limit && last
        ? Buffer.from(String(last.version)).toString("base64url")
        : null;
    return { data, nextCursor };
  }

  async getVersion(scope: Scope, id: string, version: number): Promise<AgentVersion> {
    await this.get(scope, id);
    const result = await this.db.execute({
      sql: "SELECT * FROM agent_versions WHERE agent_id = ? AND version = ?",
      args: [id, version],
    });
    const row = result.rows[0];
    if (!row) throw notFound("agent version");
    return toVersion(row);
  }

  private async appendVersion(
    agent: Agent,
    config: AgentConfig,
    note: string,
    sourceVersion: number | null,
    by: string,
  ): Promise<AgentVersion> {
    const tx = await this.db.transaction("write");
    try {
      const max = await tx.execute({
        sql: "SELECT COALESCE(MAX(version), 0) AS v FROM agent_versions WHERE agent_id = ?",
        args: [agent.id],
      });
      const version = num(max.rows[0] as Row, "v") + 1;
      const now = nowIso();
      await tx.execute({
        sql: `INSERT INTO agent_versions (agent_id, version, config, note, source_version, published_by, published_at)
              VALUES (?, ?, ?, ?, ?, ?, ?)`,
        args: [agent.id, version, JSON.stringify(config), note, sourceVersion, by, now],
      });
      await tx.execute({
        sql: "UPDATE agents SET published_version = ?, updated_at = ? WHERE id = ?",
        args: [version, now, agent.id],
      });
      await tx.commit();
    } finally {
      tx.close();
    }
    const latest = await this.get(agent.tenantId, agent.id);
    return this.getVersion(agent.tenantId, agent.id, latest.publishedVersion ?? 0);
  }
}
