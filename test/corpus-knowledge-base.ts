import type { Embedders } from "../src/knowledge/embedder";
import { KnowledgeIngestion } from "../src/knowledge/ingestion";
import { KnowledgeBase } from "../src/knowledge/knowledge-base";
import type { Logger } from "../src/log/logger";
import { openDb } from "../src/store/db";
import { KnowledgeStore } from "../src/store/knowledge";
import { KnowledgeChunkStore } from "../src/store/knowledge-chunks";
import { corpusDocuments } from "./knowledge-corpus";

/** The shipped corpus read, with these embeddings, into one collection of a fresh database. */
export async function corpusKnowledgeBase(embedders: Embedders, log: Logger) {
  const db = await openDb({ url: ":memory:" });
  const store = new KnowledgeStore(db);
  const chunks = new KnowledgeChunkStore(db);
  const tenantId = `ten_${"0".repeat(23)}`;
  await db.execute({
    sql: "INSERT INTO tenants (id, name, created_at, updated_at) VALUES (?, 'Corpus', '', '')",
    args: [tenantId],
  });
  const collection = await store.createCollection(tenantId, {
    name: "Three businesses",
    language: "en",
    embedding: embedders.configured.spec,
  });
  for (const doc of corpusDocuments()) {
    await store.addDocument(collection, {
      title: doc.title,
      format: doc.format,
      source: doc.bytes,
    });
  }
  const ingestion = new KnowledgeIngestion({ queue: store, passages: chunks, embedders, log });
  await ingestion.start();
  await ingestion.idle();
  const base = new KnowledgeBase({ collections: store, passages: chunks, embedders, log });
  return { db, store, base, tenantId };
}
