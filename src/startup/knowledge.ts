import type { KnowledgeSearch } from "../calls/knowledge-port";
import type { Env } from "../config/env";
import type { EmbeddingSpec } from "../domain/knowledge";
import type { KnowledgeApi } from "../http/routes/knowledge";
import { AgentKnowledge, type KnowledgeSettings } from "../knowledge/agent-knowledge";
import { MAX_DOCUMENT_CHARS } from "../knowledge/document-text";
import { type Embedder, Embedders } from "../knowledge/embedder";
import { KnowledgeIngestion } from "../knowledge/ingestion";
import { KnowledgeBase } from "../knowledge/knowledge-base";
import { LOCAL_EMBEDDING_MODEL, LocalEmbedder } from "../knowledge/local-embedder";
import { OpenAIEmbedder } from "../knowledge/openai-embedder";
import type { Logger } from "../log/logger";
import { EgressPolicy } from "../net/egress-guard";
import { type Fetch, guardedFetch } from "../net/guarded-fetch";
import { ensureVectorTable } from "../store/knowledge-vectors";
import type { Stores } from "../store/stores";

export type KnowledgeEnv = Pick<
  Env,
  | "OPENAI_API_KEY"
  | "OPENAI_BASE_URL"
  | "EMBEDDING_MODEL"
  | "EMBEDDING_DIMENSIONS"
  | "KNOWLEDGE_MAX_UPLOAD_BYTES"
  | "ALLOW_PRIVATE_EGRESS"
>;

/**
 * Embedders by key: the configured OpenAI model with a key, else the offline one. A collection
 * made with the other keeps working while that one can still run here: the offline embedding
 * always can, an OpenAI one only with a key.
 */
export function embeddersFor(env: KnowledgeEnv): Embedders {
  const local = (dimensions: number) => new LocalEmbedder(dimensions);
  const apiKey = env.OPENAI_API_KEY;
  const openai = (spec: EmbeddingSpec): Embedder | null =>
    apiKey ? new OpenAIEmbedder({ apiKey, baseUrl: env.OPENAI_BASE_URL, spec }) : null;
  const configured =
    openai({ model: env.EMBEDDING_MODEL, dimensions: env.EMBEDDING_DIMENSIONS }) ??
    local(env.EMBEDDING_DIMENSIONS);
  return new Embedders(configured, [], (spec) =>
    spec.model === LOCAL_EMBEDDING_MODEL ? local(spec.dimensions) : openai(spec),
  );
}

/**
 * The knowledge base wired to the stores: search (the port calls use), per-agent sources, the
 * ingestion worker and what the HTTP routes need. `start()` resumes work a previous run left.
 */
export async function createKnowledge(
  env: KnowledgeEnv,
  stores: Stores,
  log: Logger,
  options: { fetch?: Fetch; embedders?: Embedders } = {},
) {
  const embedders = options.embedders ?? embeddersFor(env);
  await ensureVectorTable(stores.db, embedders.configured.spec.dimensions);
  const knowledgeLog = log.child({ component: "knowledge" });
  const base = new KnowledgeBase({
    collections: stores.knowledge,
    passages: stores.knowledgeChunks,
    embedders,
    log: knowledgeLog,
  });
  const ingestion = new KnowledgeIngestion({
    queue: stores.knowledge,
    passages: stores.knowledgeChunks,
    embedders,
    log: knowledgeLog,
  });
  const fetch =
    options.fetch ?? guardedFetch({ policy: EgressPolicy.allowing(env.ALLOW_PRIVATE_EGRESS) });
  const api: KnowledgeApi = {
    find: (request) => base.find(request),
    wake: () => ingestion.wake(),
    embedding: embedders.configured.spec,
    maxUploadBytes: env.KNOWLEDGE_MAX_UPLOAD_BYTES,
    maxDocumentChars: MAX_DOCUMENT_CHARS,
  };
  return {
    /** The tenant's own collections, for the call engine's KnowledgeSearch port. */
    search: base as KnowledgeSearch,
    /** What one agent's calls search: its collections and its external source, if any. */
    forAgent: (settings: KnowledgeSettings): KnowledgeSearch =>
      new AgentKnowledge(
        { own: base, credentials: stores.credentials, fetch, log: knowledgeLog },
        settings,
      ),
    ingestion,
    api,
    start: () => ingestion.start(),
    stop: () => ingestion.stop(),
  };
}

export type Knowledge = Awaited<ReturnType<typeof createKnowledge>>;
