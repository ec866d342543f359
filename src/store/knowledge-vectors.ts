import type { Db } from "./db";

/**
 * Vectors live in one table per dimension: a libSQL vector column and its index take one fixed
 * dimension. Migration 005 made the 512 one; this makes any other, the same way. The ANN index
 * keeps its neighbours' vectors as 8-bit floats, 32 per node: 1-bit neighbours (five times
 * faster to insert) found only a few percent of the exact top 10 in the benchmark; these find
 * about two thirds on its (hardest, topic-less) data.
 */
export const vectorTable = (dimensions: number) => {
  if (!Number.isInteger(dimensions) || dimensions < 1) throw new Error("bad vector dimension");
  return `knowledge_vectors_${dimensions}`;
};

/** The ANN index of a vector table, as `vector_top_k` names it. */
export const vectorIndex = (dimensions: number) => `${vectorTable(dimensions)}_ann`;

export async function ensureVectorTable(db: Db, dimensions: number): Promise<void> {
  const table = vectorTable(dimensions);
  await db.batch(
    [
      `CREATE TABLE IF NOT EXISTS ${table} (
        chunk_id INTEGER PRIMARY KEY,
        collection_id TEXT NOT NULL,
        embedding F32_BLOB(${dimensions}) NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS ${table}_by_collection ON ${table}(collection_id)`,
      `CREATE INDEX IF NOT EXISTS ${vectorIndex(dimensions)} ON ${table}(libsql_vector_idx(embedding,
        'metric=cosine', 'compress_neighbors=float8', 'max_neighbors=32'))`,
    ],
    "write",
  );
}

/** The bytes libSQL takes for an F32_BLOB value. */
export const vectorBytes = (vector: Float32Array) =>
  new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
