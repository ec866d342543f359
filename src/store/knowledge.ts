import type { Row } from "@libsql/client";
import { notFound } from "../domain/errors";
import { newId } from "../domain/ids";
import type {
  DocumentFormat,
  DocumentStatus,
  EmbeddingSpec,
  KnowledgeCollection,
  KnowledgeDocument,
} from "../domain/knowledge";
import type { Language } from "../domain/languages";
import type { Scope } from "./agents";
import type { Db } from "./db";
import { decodeCursor, type Page, type PageRequest, toPage } from "./pagination";
import { nowIso, num, str, strOrNull } from "./rows";

function toCollection(row: Row): KnowledgeCollection {
  return {
    id: str(row, "id"),
    tenantId: str(row, "tenant_id"),
    name: str(row, "name"),
    language: str(row, "language") as Language,
    embedding: {
      model: str(row, "embedding_model"),
      dimensions: num(row, "embedding_dimensions"),
    },
    documentCount: num(row, "document_count"),
    chunkCount: num(row, "chunk_count"),
    createdAt: str(row, "created_at"),
    updatedAt: str(row, "updated_at"),
  };
}

function toDocument(row: Row): KnowledgeDocument {
  return {
    id: str(row, "id"),
    collectionId: str(row, "collection_id"),
    tenantId: str(row, "tenant_id"),
    title: str(row, "title"),
    format: str(row, "format") as DocumentFormat,
    byteSize: num(row, "byte_size"),
    status: str(row, "status") as DocumentStatus,
    error: strOrNull(row, "error"),
    chunkCount: num(row, "chunk_count"),
    createdAt: str(row, "created_at"),
    updatedAt: str(row, "updated_at"),
    ingestedAt: strOrNull(row, "ingested_at"),
  };
}

const COLLECTION_COLUMNS = `c.*,
  (SELECT COUNT(*) FROM knowledge_documents d
    WHERE d.collection_id = c.id AND d.deleted_at IS NULL) AS document_count,
  (SELECT COALESCE(SUM(d.chunk_count), 0) FROM knowledge_documents d
    WHERE d.collection_id = c.id AND d.deleted_at IS NULL AND d.status = 'ready') AS chunk_count`;

/** A document waiting to be read, with what ingestion needs to know of its collection. */
export interface PendingDocument {
  document: KnowledgeDocument;
  source: Uint8Array;
  embedding: EmbeddingSpec;
}

/** A deleted document (or one of a deleted collection) whose passages are still to be removed. */
export interface DocumentToPurge {
  documentId: string;
  collectionId: string;
  dimensions: number;
}

/** Collections and documents of the knowledge base; their passages are in KnowledgeChunkStore. */
export class KnowledgeStore {
  constructor(private readonly db: Db) {}

  async createCollection(
    tenantId: string,
    input: { name: string; language: Language; embedding: EmbeddingSpec },
  ): Promise<KnowledgeCollection> {
    const now = nowIso();
    const id = newId("kbc");
    await this.db.execute({
      sql: `INSERT INTO knowledge_collections
              (id, tenant_id, name, language, embedding_model, embedding_dimensions, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        id,
        tenantId,
        input.name,
        input.language,
        input.embedding.model,
        input.embedding.dimensions,
        now,
        now,
      ],
    });
    return this.getCollection(tenantId, id);
  }

  async getCollection(scope: Scope, id: string): Promise<KnowledgeCollection> {
    const result = await this.db.execute({
      sql: `SELECT ${COLLECTION_COLUMNS} FROM knowledge_collections c
            WHERE c.id = ? AND c.deleted_at IS NULL AND (? IS NULL OR c.tenant_id = ?)`,
      args: [id, scope, scope],
    });
    const row = result.rows[0];
    if (!row) throw notFound("knowledge collection");
    return toCollection(row);
  }

  async listCollections(
    scope: Scope,
    page: PageRequest,
    filter: { tenantId?: string | undefined },
  ): Promise<Page<KnowledgeCollection>> {
    const after = decodeCursor(page.cursor);
    const tenant = scope ?? filter.tenantId ?? null;
    const result = await this.db.execute({
      sql: `SELECT ${COLLECTION_COLUMNS} FROM knowledge_collections c
            WHERE c.deleted_at IS NULL AND (? IS NULL OR c.tenant_id = ?) AND (? IS NULL OR c.id < ?)
            ORDER BY c.id DESC LIMIT ?`,
      args: [tenant, tenant, after, after, page.limit + 1],
    });
    return toPage(result.rows.map(toCollection), page.limit);
  }

  /**
   * The tenant's collections among `ids` that exist (all of the tenant's when `ids` is empty),
   * with how their vectors were made.
   */
  async searchable(
    tenantId: string,
    ids: readonly string[],
  ): Promise<Array<{ id: string; embedding: EmbeddingSpec }>> {
    const named = ids.length > 0 ? `AND id IN (${ids.map(() => "?").join(", ")})` : "";
    const result = await this.db.execute({
      sql: `SELECT id, embedding_model, embedding_dimensions FROM knowledge_collections
            WHERE tenant_id = ? AND deleted_at IS NULL ${named} ORDER BY id LIMIT 200`,
      args: [tenantId, ...ids],
    });
    return result.rows.map((row) => ({
      id: str(row, "id"),
      embedding: {
        model: str(row, "embedding_model"),
        dimensions: num(row, "embedding_dimensions"),
      },
    }));
  }

  /** Marks the collection deleted at once; its documents and passages are purged afterwards. */
  async removeCollection(scope: Scope, id: string): Promise<void> {
    await this.getCollection(scope, id);
    const now = nowIso();
    await this.db.batch(
      [
        {
          sql: "UPDATE knowledge_collections SET deleted_at = ?, updated_at = ? WHERE id = ?",
          args: [now, now, id],
        },
        {
          sql: `UPDATE knowledge_documents SET deleted_at = ?, updated_at = ?, source = NULL
                WHERE collection_id = ? AND deleted_at IS NULL`,
          args: [now, now, id],
        },
      ],
      "write",
    );
  }

  async addDocument(
    collection: KnowledgeCollection,
    input: { title: string; format: DocumentFormat; source: Uint8Array },
  ): Promise<KnowledgeDocument> {
    const now = nowIso();
    const id = newId("kbd");
    await this.db.execute({
      sql: `INSERT INTO knowledge_documents
              (id, collection_id, tenant_id, title, format, byte_size, status, source, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
      args: [
        id,
        collection.id,
        collection.tenantId,
        input.title,
        input.format,
        input.source.byteLength,
        input.source,
        now,
        now,
      ],
    });
    return this.getDocument(collection.tenantId, collection.id, id);
  }

  async getDocument(scope: Scope, collectionId: string, id: string): Promise<KnowledgeDocument> {
    const result = await this.db.execute({
      sql: `SELECT d.* FROM knowledge_documents d
              JOIN knowledge_collections c ON c.id = d.collection_id AND c.deleted_at IS NULL
            WHERE d.id = ? AND d.collection_id = ? AND d.deleted_at IS NULL
              AND (? IS NULL OR d.tenant_id = ?)`,
      args: [id, collectionId, scope, scope],
    });
    const row = result.rows[0];
    if (!row) throw notFound("knowledge document");
    return toDocument(row);
  }

  async listDocuments(
    scope: Scope,
    collectionId: string,
    page: PageRequest,
    filter: { status?: DocumentStatus | undefined },
  ): Promise<Page<KnowledgeDocument>> {
    await this.getCollection(scope, collectionId);
    const after = decodeCursor(page.cursor);
    const status = filter.status ?? null;
    const result = await this.db.execute({
      sql: `SELECT * FROM knowledge_documents
            WHERE collection_id = ? AND deleted_at IS NULL
              AND (? IS NULL OR status = ?) AND (? IS NULL OR id < ?)
            ORDER BY id DESC LIMIT ?`,
      args: [collectionId, status, status, after, after, page.limit + 1],
    });
    return toPage(result.rows.map(toDocument), page.limit);
  }

  /** Marks the document deleted at once (it leaves searches); its passages are purged afterwards. */
  async removeDocument(scope: Scope, collectionId: string, id: string): Promise<void> {
    await this.getDocument(scope, collectionId, id);
    const now = nowIso();
    await this.db.execute({
      sql: "UPDATE knowledge_documents SET deleted_at = ?, updated_at = ?, source = NULL WHERE id = ?",
      args: [now, now, id],
    });
  }

  /** Documents a previous run was reading when it stopped go back to waiting. */
  async requeueInterrupted(): Promise<number> {
    const result = await this.db.execute({
      sql: "UPDATE knowledge_documents SET status = 'pending', updated_at = ? WHERE status = 'processing' AND deleted_at IS NULL",
      args: [nowIso()],
    });
    return result.rowsAffected;
  }

  /** The oldest waiting document, now marked processing; null when none waits. */
  async claimPending(): Promise<PendingDocument | null> {
    const result = await this.db.execute(
      `SELECT d.*, c.embedding_model, c.embedding_dimensions FROM knowledge_documents d
         JOIN knowledge_collections c ON c.id = d.collection_id
       WHERE d.status = 'pending' AND d.deleted_at IS NULL ORDER BY d.id LIMIT 1`,
    );
    const row = result.rows[0];
    if (!row) return null;
    const claimed = await this.db.execute({
      sql: "UPDATE knowledge_documents SET status = 'processing', updated_at = ? WHERE id = ? AND status = 'pending'",
      args: [nowIso(), str(row, "id")],
    });
    if (claimed.rowsAffected === 0) return this.claimPending();
    const source = row.source;
    return {
      document: { ...toDocument(row), status: "processing" },
      source: source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(),
      embedding: {
        model: str(row, "embedding_model"),
        dimensions: num(row, "embedding_dimensions"),
      },
    };
  }

  /** True when the document was still being read (not deleted meanwhile) and is now ready. */
  async markReady(id: string, chunkCount: number): Promise<boolean> {
    const now = nowIso();
    const result = await this.db.execute({
      sql: `UPDATE knowledge_documents
            SET status = 'ready', error = NULL, chunk_count = ?, source = NULL, ingested_at = ?, updated_at = ?
            WHERE id = ? AND status = 'processing' AND deleted_at IS NULL`,
      args: [chunkCount, now, now, id],
    });
    return result.rowsAffected > 0;
  }

  async markFailed(id: string, reason: string): Promise<void> {
    await this.db.execute({
      sql: `UPDATE knowledge_documents SET status = 'failed', error = ?, source = NULL, updated_at = ?
            WHERE id = ? AND deleted_at IS NULL`,
      args: [reason, nowIso(), id],
    });
  }

  /** A deleted document whose passages may still be stored; null when none is left. */
  async nextToPurge(): Promise<DocumentToPurge | null> {
    const result = await this.db.execute(
      `SELECT d.id, d.collection_id, c.embedding_dimensions FROM knowledge_documents d
         JOIN knowledge_collections c ON c.id = d.collection_id
       WHERE d.deleted_at IS NOT NULL ORDER BY d.id LIMIT 1`,
    );
    const row = result.rows[0];
    if (!row) return null;
    return {
      documentId: str(row, "id"),
      collectionId: str(row, "collection_id"),
      dimensions: num(row, "embedding_dimensions"),
    };
  }

  /** Drops a purged document's row, and its collection's once the collection is deleted and empty. */
  async forgetDocument(id: string, collectionId: string): Promise<void> {
    await this.db.batch(
      [
        { sql: "DELETE FROM knowledge_documents WHERE id = ?", args: [id] },
        {
          sql: `DELETE FROM knowledge_collections WHERE id = ? AND deleted_at IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM knowledge_documents WHERE collection_id = ?)`,
          args: [collectionId, collectionId],
        },
      ],
      "write",
    );
  }

  /** Deleted collections that never had a document are dropped here. */
  async forgetEmptyDeletedCollections(): Promise<void> {
    await this.db.execute(
      `DELETE FROM knowledge_collections WHERE deleted_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM knowledge_documents d WHERE d.collection_id = knowledge_collections.id)`,
    );
  }
}
