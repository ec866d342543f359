/** One passage a knowledge search found, best first. */
export interface KnowledgePassage {
  collectionId: string;
  documentId: string;
  title: string;
  text: string;
  /** Higher is better; comparable within one search only. */
  score: number;
}

/**
 * How the call engine searches a tenant's knowledge (its own collections, or an external source
 * such as a Dify app). The engine declares it; the knowledge base answers it, wired in startup/.
 */
export interface KnowledgeSearch {
  search(request: {
    tenantId: string;
    collectionIds: string[];
    query: string;
    limit: number;
    signal?: AbortSignal;
  }): Promise<KnowledgePassage[]>;
}
