import type { Migration } from "./migration";

/**
 * A tenant's brand for its public pages: name and colours (with the logo's description) as JSON
 * on the tenant, the logo's bytes in a table of their own so that reading tenants never loads them.
 */
export const tenantBrands: Migration = {
  version: 18,
  name: "Tenant brands: name, colours and an uploaded logo",
  statements: [
    "ALTER TABLE tenants ADD COLUMN brand TEXT",
    `CREATE TABLE tenant_logos (
      tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
      content_type TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      image BLOB NOT NULL,
      updated_at TEXT NOT NULL
    )`,
  ],
};
