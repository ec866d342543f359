import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { corpusDocuments, corpusQuestions } from "../../test/knowledge-corpus";
import type { RetrievalMethod } from "../domain/knowledge";
import { memoryLogger } from "../log/logger";
import { openDb } from "../store/db";
import { KnowledgeStore } from "../store/knowledge";
import { KnowledgeChunkStore } from "../store/knowledge-chunks";
import { Embedders } from "./embedder";
import { KnowledgeIngestion } from "./ingestion";
import { KnowledgeBase } from "./knowledge-base";
import { LocalEmbedder } from "./local-embedder";

const db = await openDb({ url: ":memory:" });
const { logger } = memoryLogger("warn");
const store = new KnowledgeStore(db);
const chunks = new KnowledgeChunkStore(db);
const embedders = new Embedders(new LocalEmbedder(512));
const base = new KnowledgeBase({ collections: store, passages: chunks, embedders, log: logger });
let tenantId = "";

beforeAll(async () => {
  tenantId = `ten_${"0".repeat(23)}`;
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
  const ingestion = new KnowledgeIngestion({
    queue: store,
    passages: chunks,
    embedders,
    log: logger,
  });
  await ingestion.start();
  await ingestion.idle();
});
afterAll(() => db.close());

/** Share of questions whose answering passage is among the first three found. */
async function recallAt3(method: RetrievalMethod): Promise<{ recall: number; missed: string[] }> {
  const questions = corpusQuestions();
  const missed: string[] = [];
  for (const { question, passage } of questions) {
    const found = await base.find({
      tenantId,
      collectionIds: [],
      query: question,
      limit: 3,
      method,
    });
    if (!found.some((p) => p.text.includes(passage))) missed.push(question);
  }
  return { recall: 1 - missed.length / questions.length, missed };
}

describe("retrieval quality on the shipped corpus (offline embeddings)", () => {
  test("every document is read, each into passages under its headings", async () => {
    const docs = await store.listDocuments(
      tenantId,
      (await store.searchable(tenantId, []))[0]?.id ?? "",
      { limit: 50 },
      {},
    );
    expect(docs.data.map((d) => [d.title, d.status])).toEqual(
      corpusDocuments()
        .map((d) => [d.title, "ready"])
        .reverse(),
    );
  });

  test("hybrid recall@3 is at least that of full text and of vectors alone", async () => {
    const fulltext = await recallAt3("fulltext");
    const vector = await recallAt3("vector");
    const hybrid = await recallAt3("hybrid");
    console.log(
      `recall@3 over ${corpusQuestions().length} questions: fulltext ${fulltext.recall.toFixed(3)}, ` +
        `vector ${vector.recall.toFixed(3)}, hybrid ${hybrid.recall.toFixed(3)}`,
    );
    expect(hybrid.recall).toBeGreaterThanOrEqual(fulltext.recall);
    expect(hybrid.recall).toBeGreaterThanOrEqual(vector.recall);
    expect(hybrid.recall).toBeGreaterThanOrEqual(0.85);
  });
});
