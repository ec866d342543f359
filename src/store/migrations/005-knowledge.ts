import type { Migration } from "./migration";

/**
 * The knowledge base. Passages (chunks) are indexed twice, each with its context (the document's
 * title and the headings above it): full text in an FTS5 table kept in
 * step by triggers, and vectors in a table per embedding dimension (a libSQL vector column has
 * one fixed dimension). This creates the one for the default 512; the store creates another
 * when EMBEDDING_DIMENSIONS names one (see store/knowledge-vectors.ts).
 */
export const knowledge: Migration = {
  version: 5,
  name: "Knowledge base: collections, documents, passages with full-text and vector indexes",
  statements: [
    `CREATE TABLE knowledge_collections (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL REFERENCES tenants(id),
      name TEXT NOT NULL,
      language TEXT NOT NULL,
      embedding_model TEXT NOT NULL,
      embedding_dimensions INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      deleted_at TEXT
    )`,
    "CREATE INDEX knowledge_collections_by_tenant ON knowledge_collections(tenant_id, id)",
    `CREATE TABLE knowledge_documents (
      id TEXT PRIMARY KEY,
      collection_id TEXT NOT NULL REFERENCES knowledge_collections(id),
      tenant_id TEXT NOT NULL,
      title TEXT NOT NULL,
      format TEXT NOT NULL,
      byte_size INTEGER NOT NULL,
      status TEXT NOT NULL,
      error TEXT,
      chunk_count INTEGER NOT NULL DEFAULT 0,
      source BLOB,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      ingested_at TEXT,
      deleted_at TEXT
    )`,
    "CREATE INDEX knowledge_documents_by_collection ON knowledge_documents(collection_id, id)",
    "CREATE INDEX knowledge_documents_waiting ON knowledge_documents(status, id) WHERE status IN ('pending', 'processing')",
    `CREATE TABLE knowledge_chunks (
      id INTEGER PRIMARY KEY,
      document_id TEXT NOT NULL,
      collection_id TEXT NOT NULL,
      position INTEGER NOT NULL,
      heading TEXT NOT NULL,
      text TEXT NOT NULL,
      context TEXT NOT NULL
    )`,
    "CREATE INDEX knowledge_chunks_by_document ON knowledge_chunks(document_id, id)",
    `CREATE VIRTUAL TABLE knowledge_chunks_fts USING fts5(
      context, text, content='knowledge_chunks', content_rowid='id',
      tokenize='porter unicode61 remove_diacritics 2'
    )`,
    `CREATE TRIGGER knowledge_chunks_indexed AFTER INSERT ON knowledge_chunks BEGIN
      INSERT INTO knowledge_chunks_fts (rowid, context, text) VALUES (new.id, new.context, new.text);
    END`,
    `CREATE TRIGGER knowledge_chunks_unindexed AFTER DELETE ON knowledge_chunks BEGIN
      INSERT INTO knowledge_chunks_fts (knowledge_chunks_fts, rowid, context, text)
        VALUES ('delete', old.id, old.context, old.text);
    END`,
    `CREATE TABLE knowledge_vectors_512 (
      chunk_id INTEGER PRIMARY KEY,
      collection_id TEXT NOT NULL,
      embedding F32_BLOB(512) NOT NULL
    )`,
    "CREATE INDEX knowledge_vectors_512_by_collection ON knowledge_vectors_512(collection_id)",
    `CREATE INDEX knowledge_vectors_512_ann ON knowledge_vectors_512(libsql_vector_idx(embedding,
      'metric=cosine', 'compress_neighbors=float8', 'max_neighbors=32'))`,
  ],
};
