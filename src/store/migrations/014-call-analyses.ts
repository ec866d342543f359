import type { Migration } from "./migration";

export const callAnalyses: Migration = {
  version: 14,
  name: "Post-call analyses: summary, outcome, sentiment and extracted fields, one per call",
  statements: [
    `CREATE TABLE call_analyses (
      call_id TEXT PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
      tenant_id TEXT NOT NULL,
      summary TEXT NOT NULL,
      outcome TEXT NOT NULL,
      sentiment TEXT NOT NULL,
      fields TEXT NOT NULL,
      model TEXT,
      created_at TEXT NOT NULL
    )`,
    "CREATE INDEX call_analyses_by_tenant ON call_analyses(tenant_id, created_at)",
  ],
};
