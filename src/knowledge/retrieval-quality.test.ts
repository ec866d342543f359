import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { corpusKnowledgeBase } from "../../test/corpus-knowledge-base";
import { corpusDocuments, corpusQuestions } from "../../test/knowledge-corpus";
import type { RetrievalMethod } from "../domain/knowledge";
import { memoryLogger } from "../log/logger";
import { embeddersFor } from "../startup/knowledge";
import type { KnowledgeStore } from "../store/knowledge";
import { Embedders } from "./embedder";
import { LocalEmbedder } from "./local-embedder";

const { logger } = memoryLogger("warn");

const corpusBase = (embedders: Embedders) => corpusKnowledgeBase(embedders, logger);

/** Share of questions whose answering passage is among the first three found. */
async function recallAt3(
  corpus: Awaited<ReturnType<typeof corpusBase>>,
  method: RetrievalMethod,
): Promise<{ recall: number; missed: string[] }> {
  const questions = corpusQuestions();
  const missed: string[] = [];
  for (const { question, passage } of questions) {
    const found = await corpus.base.find({
      tenantId: corpus.tenantId,
      collectionIds: [],
      query: question,
      limit: 3,
      method,
    });
    if (!found.some((p) => p.text.includes(passage))) missed.push(question);
  }
  return { recall: 1 - missed.length / questions.length, missed };
}

let corpus: Awaited<ReturnType<typeof corpusBase>>;
let store: KnowledgeStore;
let tenantId = "";
beforeAll(async () => {
  corpus = await corpusBase(new Embedders(new LocalEmbedder(512)));
  store = corpus.store;
  tenantId = corpus.tenantId;
});
afterAll(() => corpus.db.close());

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
    const fulltext = await recallAt3(corpus, "fulltext");
    const vector = await recallAt3(corpus, "vector");
    const hybrid = await recallAt3(corpus, "hybrid");
    console.log(
      `recall@3 over ${corpusQuestions().length} questions: fulltext ${fulltext.recall.toFixed(3)}, ` +
        `vector ${vector.recall.toFixed(3)}, hybrid ${hybrid.recall.toFixed(3)}`,
    );
    expect(hybrid.recall).toBeGreaterThanOrEqual(fulltext.recall);
    expect(hybrid.recall).toBeGreaterThanOrEqual(vector.recall);
    expect(hybrid.recall).toBeGreaterThanOrEqual(0.85);
  });
});

// With a key, the same questions against OpenAI's embeddings (skipped without one).
describe.if(Boolean(process.env.OPENAI_API_KEY))("retrieval quality with OpenAI embeddings", () => {
  test("hybrid recall@3 is at least that of full text and of vectors alone", async () => {
    const real = await corpusBase(
      embeddersFor({
        OPENAI_API_KEY: process.env.OPENAI_API_KEY,
        OPENAI_BASE_URL: process.env.OPENAI_BASE_URL ?? "https://api.openai.com/v1",
        EMBEDDING_MODEL: "text-embedding-3-small",
        EMBEDDING_DIMENSIONS: 512,
        KNOWLEDGE_MAX_UPLOAD_BYTES: 1_048_576,
        ALLOW_PRIVATE_EGRESS: [],
      }),
    );
    try {
      const fulltext = await recallAt3(real, "fulltext");
      const vector = await recallAt3(real, "vector");
      const hybrid = await recallAt3(real, "hybrid");
      console.log(
        `recall@3 with OpenAI embeddings: fulltext ${fulltext.recall.toFixed(3)}, vector ${vector.recall.toFixed(3)}, hybrid ${hybrid.recall.toFixed(3)}`,
      );
      expect(hybrid.recall).toBeGreaterThanOrEqual(Math.max(fulltext.recall, vector.recall));
    } finally {
      real.db.close();
    }
  }, 120_000);
});
