import type { KnowledgePassage, KnowledgeSearch } from "../calls/knowledge-port";
import type { EmbeddingSpec, RetrievalMethod } from "../domain/knowledge";
import type { Logger } from "../log/logger";
import type { Embedders } from "./embedder";
import { fullTextQuery } from "./fts-query";
import type { CollectionDirectory, PassageHit, PassageIndex } from "./ports";

/** The usual constant of reciprocal rank fusion: damps the weight of the very first ranks. */
const RRF_K = 60;

export interface FoundPassage {
  collectionId: string;
  documentId: string;
  documentTitle: string;
  heading: string;
  text: string;
  /** Reciprocal rank fusion of the methods' ranks: higher is better, within one search. */
  score: number;
}

export interface FindRequest {
  tenantId: string;
  /** Empty: all of the tenant's collections. Others' and unknown ids are left out. */
  collectionIds: readonly string[];
  query: string;
  limit: number;
  method?: RetrievalMethod;
  signal?: AbortSignal | undefined;
}

/**
 * Search over a tenant's own collections: full text (FTS5, BM25) and vectors (libSQL, cosine),
 * each giving a ranked list, fused by reciprocal rank (score = Σ 1 / (60 + rank)). A passage
 * both methods rank high comes first; one only either finds still counts. When a query cannot be
 * embedded (the embedding service is down, or a collection's model is not available here), the
 * full-text list answers alone.
 */
export class KnowledgeBase implements KnowledgeSearch {
  constructor(
    private readonly deps: {
      collections: CollectionDirectory;
      passages: PassageIndex;
      embedders: Embedders;
      log: Logger;
    },
  ) {}

  async search(request: {
    tenantId: string;
    collectionIds: string[];
    query: string;
    limit: number;
    signal?: AbortSignal;
  }): Promise<KnowledgePassage[]> {
    const found = await this.find(request);
    return found.map((p) => ({
      collectionId: p.collectionId,
      documentId: p.documentId,
      title: p.heading === "" ? p.documentTitle : `${p.documentTitle} › ${p.heading}`,
      text: p.text,
      score: p.score,
    }));
  }

  async find(request: FindRequest): Promise<FoundPassage[]> {
    const method = request.method ?? "hybrid";
    const limit = Math.max(1, Math.min(request.limit, 50));
    const collections = await this.deps.collections.searchable(
      request.tenantId,
      request.collectionIds,
    );
    if (collections.length === 0 || request.query.trim() === "") return [];
    const candidates = Math.max(limit * 4, 20);
    const lists: PassageHit[][] = [];
    if (method !== "vector") {
      const match = fullTextQuery(request.query);
      const ids = collections.map((c) => c.id);
      if (match) lists.push(await this.deps.passages.fullText(ids, match, candidates));
    }
    if (method !== "fulltext") {
      for (const [spec, ids] of byEmbedding(collections)) {
        request.signal?.throwIfAborted();
        const hits = await this.nearest(spec, ids, request.query, candidates, request.signal);
        if (hits) lists.push(hits);
      }
    }
    const ranked = fuse(lists).slice(0, limit);
    const stored = new Map(
      (await this.deps.passages.passages(ranked.map((r) => r.chunkId))).map((p) => [p.chunkId, p]),
    );
    return ranked.flatMap(({ chunkId, score }) => {
      const passage = stored.get(chunkId);
      if (!passage) return [];
      const { chunkId: _, ...rest } = passage;
      return [{ ...rest, score }];
    });
  }

  /** The vector list of the collections made with one embedding; null when it cannot be had. */
  private async nearest(
    spec: EmbeddingSpec,
    ids: string[],
    query: string,
    n: number,
    signal: AbortSignal | undefined,
  ): Promise<PassageHit[] | null> {
    const embedder = this.deps.embedders.forSpec(spec);
    if (!embedder) {
      this.deps.log.warn("knowledge search without vectors: embedding model not available", {
        model: spec.model,
        dimensions: spec.dimensions,
      });
      return null;
    }
    try {
      const [vector] = await embedder.embed([query], signal);
      return vector ? await this.deps.passages.nearest(ids, vector, n) : null;
    } catch (error) {
      if (signal?.aborted) throw error;
      this.deps.log.warn("knowledge search without vectors: the query could not be embedded", {
        model: spec.model,
        error,
      });
      return null;
    }
  }
}

/** Collections grouped by how their passages were embedded (one vector search per group). */
function byEmbedding(
  collections: ReadonlyArray<{ id: string; embedding: EmbeddingSpec }>,
): Map<EmbeddingSpec, string[]> {
  const groups = new Map<string, { spec: EmbeddingSpec; ids: string[] }>();
  for (const { id, embedding } of collections) {
    const key = `${embedding.model}/${embedding.dimensions}`;
    const group = groups.get(key) ?? { spec: embedding, ids: [] };
    group.ids.push(id);
    groups.set(key, group);
  }
  return new Map([...groups.values()].map((g) => [g.spec, g.ids]));
}

/** Reciprocal rank fusion of ranked lists (each best first), best first. */
export function fuse(
  lists: ReadonlyArray<readonly PassageHit[]>,
): Array<{ chunkId: number; score: number }> {
  const scores = new Map<number, number>();
  for (const list of lists) {
    list.forEach((hit, rank) => {
      scores.set(hit.chunkId, (scores.get(hit.chunkId) ?? 0) + 1 / (RRF_K + rank + 1));
    });
  }
  return [...scores]
    .map(([chunkId, score]) => ({ chunkId, score }))
    .sort((a, b) => b.score - a.score || a.chunkId - b.chunkId);
}
