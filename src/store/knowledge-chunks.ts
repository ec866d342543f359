import type { InStatement } from "@libsql/client";
import type { Db } from "./db";
import { vectorBytes, vectorIndex, vectorTable } from "./knowledge-vectors";
import { num, str } from "./rows";

export interface ChunkToStore {
  position: number;
  heading: string;
  text: string;
  /** What the passage is about beyond its text (document title, headings): indexed with it. */
  context: string;
  embedding: Float32Array;
}

/** One hit of one retrieval method: a passage and its rank score (lower distance is better). */
export interface ChunkHit {
  chunkId: number;
  /** bm25 (more negative is better) or cosine distance (0 is the same direction). */
  distance: number;
}

export interface StoredPassage {
  chunkId: number;
  collectionId: string;
  documentId: string;
  documentTitle: string;
  heading: string;
  text: string;
}

/**
 * Below this many passages in the searched collections, vectors are compared one by one (exact,
 * and cheap at that size); above it the ANN index is asked for more candidates than needed, since
 * it spans every tenant's passages and the others are filtered out after.
 */
export const EXACT_SCAN_LIMIT = 5000;
/** The most candidates asked of the ANN index for one search. */
const MAX_ANN_CANDIDATES = 2000;

const READY = "d.status = 'ready' AND d.deleted_at IS NULL";
const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** The passages of documents, with their full-text and vector indexes. */
export class KnowledgeChunkStore {
  constructor(private readonly db: Db) {}

  /** Stores passages of one document in one transaction. */
  async insert(
    target: { documentId: string; collectionId: string; dimensions: number },
    chunks: readonly ChunkToStore[],
  ): Promise<void> {
    const table = vectorTable(target.dimensions);
    const statements: InStatement[] = [];
    for (const chunk of chunks) {
      if (chunk.embedding.length !== target.dimensions) {
        throw new Error(
          `embedding has ${chunk.embedding.length} dimensions, not ${target.dimensions}`,
        );
      }
      statements.push(
        {
          sql: `INSERT INTO knowledge_chunks (document_id, collection_id, position, heading, text, context)
                VALUES (?, ?, ?, ?, ?, ?)`,
          args: [
            target.documentId,
            target.collectionId,
            chunk.position,
            chunk.heading,
            chunk.text,
            chunk.context,
          ],
        },
        {
          // The chunk's id: the full-text trigger's own insert does not change it afterwards.
          sql: `INSERT INTO ${table} (chunk_id, collection_id, embedding) VALUES (last_insert_rowid(), ?, ?)`,
          args: [target.collectionId, vectorBytes(chunk.embedding)],
        },
      );
    }
    await this.db.batch(statements, "write");
  }

  /** Removes up to `limit` passages of a document; how many it removed. */
  async removeSome(documentId: string, dimensions: number, limit: number): Promise<number> {
    const some = "SELECT id FROM knowledge_chunks WHERE document_id = ? ORDER BY id LIMIT ?";
    const [, chunks] = await this.db.batch(
      [
        {
          sql: `DELETE FROM ${vectorTable(dimensions)} WHERE chunk_id IN (${some})`,
          args: [documentId, limit],
        },
        { sql: `DELETE FROM knowledge_chunks WHERE id IN (${some})`, args: [documentId, limit] },
      ],
      "write",
    );
    return chunks?.rowsAffected ?? 0;
  }

  /** Best BM25 matches of an FTS5 query among the ready documents of the collections. */
  async fullText(collectionIds: readonly string[], match: string, n: number): Promise<ChunkHit[]> {
    if (collectionIds.length === 0) return [];
    const result = await this.db.execute({
      sql: `SELECT f.rowid AS id, bm25(knowledge_chunks_fts, 2.0, 1.0) AS score
            FROM knowledge_chunks_fts f
              JOIN knowledge_chunks k ON k.id = f.rowid
              JOIN knowledge_documents d ON d.id = k.document_id
            WHERE knowledge_chunks_fts MATCH ? AND k.collection_id IN (${placeholders(collectionIds.length)})
              AND ${READY}
            ORDER BY score LIMIT ?`,
      args: [match, ...collectionIds, n],
    });
    return result.rows.map((row) => ({ chunkId: num(row, "id"), distance: num(row, "score") }));
  }

  /** The `n` passages nearest to `vector` (cosine) among the ready documents of the collections. */
  async nearest(
    collectionIds: readonly string[],
    vector: Float32Array,
    n: number,
  ): Promise<ChunkHit[]> {
    if (collectionIds.length === 0) return [];
    const dimensions = vector.length;
    const searched = await this.readyChunks(collectionIds);
    if (searched === 0) return [];
    if (searched <= EXACT_SCAN_LIMIT) return this.exactNearest(collectionIds, vector, n);
    const stored = await this.storedChunks(dimensions);
    const share = Math.min(1, searched / Math.max(stored, 1));
    const candidates = Math.min(MAX_ANN_CANDIDATES, Math.ceil((n * 2) / share));
    const hits = await this.approximateNearest(collectionIds, vector, n, candidates);
    // Too few of the index's candidates were ours: compare them all instead.
    if (hits.length < Math.min(n, searched)) return this.exactNearest(collectionIds, vector, n);
    return hits;
  }

  async exactNearest(
    collectionIds: readonly string[],
    vector: Float32Array,
    n: number,
  ): Promise<ChunkHit[]> {
    const table = vectorTable(vector.length);
    const result = await this.db.execute({
      sql: `SELECT v.chunk_id AS id, vector_distance_cos(v.embedding, ?) AS distance
            FROM ${table} v
              JOIN knowledge_chunks k ON k.id = v.chunk_id
              JOIN knowledge_documents d ON d.id = k.document_id
            WHERE v.collection_id IN (${placeholders(collectionIds.length)}) AND ${READY}
            ORDER BY distance LIMIT ?`,
      args: [vectorBytes(vector), ...collectionIds, n],
    });
    return result.rows.map((row) => ({ chunkId: num(row, "id"), distance: num(row, "distance") }));
  }

  async approximateNearest(
    collectionIds: readonly string[],
    vector: Float32Array,
    n: number,
    candidates: number,
  ): Promise<ChunkHit[]> {
    const table = vectorTable(vector.length);
    const bytes = vectorBytes(vector);
    const result = await this.db.execute({
      sql: `SELECT v.chunk_id AS id, vector_distance_cos(v.embedding, ?) AS distance
            FROM vector_top_k('${vectorIndex(vector.length)}', ?, ?) t
              JOIN ${table} v ON v.rowid = t.id
              JOIN knowledge_chunks k ON k.id = v.chunk_id
              JOIN knowledge_documents d ON d.id = k.document_id
            WHERE v.collection_id IN (${placeholders(collectionIds.length)}) AND ${READY}
            ORDER BY distance LIMIT ?`,
      args: [bytes, bytes, candidates, ...collectionIds, n],
    });
    return result.rows.map((row) => ({ chunkId: num(row, "id"), distance: num(row, "distance") }));
  }

  async passages(chunkIds: readonly number[]): Promise<StoredPassage[]> {
    if (chunkIds.length === 0) return [];
    const result = await this.db.execute({
      sql: `SELECT k.id, k.collection_id, k.document_id, k.heading, k.text, d.title
            FROM knowledge_chunks k JOIN knowledge_documents d ON d.id = k.document_id
            WHERE k.id IN (${placeholders(chunkIds.length)})`,
      args: [...chunkIds],
    });
    return result.rows.map((row) => ({
      chunkId: num(row, "id"),
      collectionId: str(row, "collection_id"),
      documentId: str(row, "document_id"),
      documentTitle: str(row, "title"),
      heading: str(row, "heading"),
      text: str(row, "text"),
    }));
  }

  /** Passages of the ready documents of these collections. */
  private async readyChunks(collectionIds: readonly string[]): Promise<number> {
    const result = await this.db.execute({
      sql: `SELECT COALESCE(SUM(d.chunk_count), 0) AS n FROM knowledge_documents d
            WHERE d.collection_id IN (${placeholders(collectionIds.length)}) AND ${READY}`,
      args: [...collectionIds],
    });
    return Number(result.rows[0]?.n ?? 0);
  }

  /** Passages the ANN index of this dimension holds, near enough (deleted ones not yet purged count). */
  private async storedChunks(dimensions: number): Promise<number> {
    const result = await this.db.execute({
      sql: `SELECT COALESCE(SUM(d.chunk_count), 0) AS n FROM knowledge_documents d
              JOIN knowledge_collections c ON c.id = d.collection_id
            WHERE c.embedding_dimensions = ?`,
      args: [dimensions],
    });
    return Number(result.rows[0]?.n ?? 0);
  }
}
