import type { Migration } from "./migration";

export const initial: Migration = {
  version: 1,
  name: "tenants, keys, agents, versions, bindings, credentials",
  statements: [
    `CREATE TABLE tenants (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'active',
      plan TEXT,
      max_concurrent_calls INTEGER,
      metadata TEXT NOT NULL DEFAULT '{}',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      deleted_at TEXT
    )`,
    `CREATE TABLE api_keys (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL REFERENCES tenants(id),
      name TEXT NOT NULL,
      lookup TEXT NOT NULL UNIQUE,
      secret_hash TEXT NOT NULL,
      created_at TEXT NOT NULL,
      last_used_at TEXT,
      expires_at TEXT,
      revoked_at TEXT
    )`,
    "CREATE INDEX api_keys_by_tenant ON api_keys(tenant_id, id)",
    `CREATE TABLE agents (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL REFERENCES tenants(id),
      name TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      draft_config TEXT NOT NULL,
      draft_revision INTEGER NOT NULL DEFAULT 1,
      published_version INTEGER,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      deleted_at TEXT
    )`,
    "CREATE INDEX agents_by_tenant ON agents(tenant_id, id)",
    `CREATE TABLE agent_versions (
      agent_id TEXT NOT NULL REFERENCES agents(id),
      version INTEGER NOT NULL,
      config TEXT NOT NULL,
      note TEXT NOT NULL DEFAULT '',
      source_version INTEGER,
      published_by TEXT NOT NULL,
      published_at TEXT NOT NULL,
      PRIMARY KEY (agent_id, version)
    )`,
    `CREATE TABLE channel_bindings (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL REFERENCES tenants(id),
      agent_id TEXT NOT NULL REFERENCES agents(id),
      channel TEXT NOT NULL,
      address TEXT NOT NULL,
      label TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    "CREATE UNIQUE INDEX channel_bindings_route ON channel_bindings(channel, address)",
    "CREATE INDEX channel_bindings_by_tenant ON channel_bindings(tenant_id, id)",
    `CREATE TABLE credentials (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL REFERENCES tenants(id),
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      sealed TEXT NOT NULL,
      masked TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (tenant_id, name)
    )`,
  ],
};
