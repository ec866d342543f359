import type { KnowledgePassage, KnowledgeSearch } from "../calls/knowledge-port";
import type { AgentConfig } from "../domain/agent-config";
import type { Logger } from "../log/logger";
import type { Fetch } from "../net/guarded-fetch";
import { type CredentialReader, DifySource } from "./dify-source";
import { RetrieveEndpointSource } from "./retrieve-endpoint-source";

export type KnowledgeSettings = AgentConfig["knowledge"];
type SearchRequest = Parameters<KnowledgeSearch["search"]>[0];

const RRF_K = 60;

/**
 * What one agent's calls search, as its `knowledge` settings say: the tenant's own collections
 * (those the request or the settings name; all of them when the agent has no external source)
 * and the external source of `provider`, asked at the same time. Their passages are interleaved
 * by rank. A source that fails is left out (and logged) while another answers; when all fail,
 * the first failure is thrown.
 */
export class AgentKnowledge implements KnowledgeSearch {
  private readonly external: KnowledgeSearch | null;

  constructor(
    private readonly deps: {
      own: KnowledgeSearch;
      credentials: CredentialReader;
      /** The egress-guarded fetch: these URLs come from tenants. */
      fetch: Fetch;
      log: Logger;
    },
    private readonly settings: KnowledgeSettings,
  ) {
    const { credentials, fetch } = deps;
    if (settings.provider === "dify" && settings.credential) {
      this.external = new DifySource({ credentials, fetch }, settings.credential);
    } else if (settings.provider === "rag" && settings.url) {
      this.external = new RetrieveEndpointSource(
        { credentials, fetch },
        settings.url,
        settings.credential,
      );
    } else {
      this.external = null;
    }
  }

  async search(request: SearchRequest): Promise<KnowledgePassage[]> {
    const named =
      request.collectionIds.length > 0 ? request.collectionIds : this.settings.collections;
    const searches: Array<Promise<KnowledgePassage[]>> = [];
    if (named.length > 0 || this.external === null) {
      searches.push(this.deps.own.search({ ...request, collectionIds: [...named] }));
    }
    if (this.external) searches.push(this.external.search(request));
    const settled = await Promise.allSettled(searches);
    const lists: KnowledgePassage[][] = [];
    const failures: unknown[] = [];
    for (const outcome of settled) {
      if (outcome.status === "fulfilled") lists.push(outcome.value);
      else failures.push(outcome.reason);
    }
    if (lists.length === 0) throw failures[0];
    for (const error of failures) {
      this.deps.log.warn("a knowledge source failed; searching without it", {
        provider: this.settings.provider,
        error,
      });
    }
    return lists.length === 1 ? (lists[0] as KnowledgePassage[]) : interleave(lists, request.limit);
  }
}

/** Passages of several ranked lists by reciprocal rank (their own scores are not comparable). */
function interleave(lists: KnowledgePassage[][], limit: number): KnowledgePassage[] {
  return lists
    .flatMap((list) => list.map((passage, rank) => ({ ...passage, score: 1 / (RRF_K + rank + 1) })))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
