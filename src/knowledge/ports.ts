import type { EmbeddingSpec, KnowledgeDocument } from "../domain/knowledge";

/** What the knowledge base needs from storage; store/knowledge*.ts answers it. */

/** A document waiting to be read, with how its collection embeds passages. */
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

/** The documents' state as ingestion moves it along. */
export interface DocumentQueue {
  requeueInterrupted(): Promise<number>;
  claimPending(): Promise<PendingDocument | null>;
  /** False when the document was deleted while it was read. */
  markReady(id: string, chunkCount: number): Promise<boolean>;
  markFailed(id: string, reason: string): Promise<void>;
  nextToPurge(): Promise<DocumentToPurge | null>;
  forgetDocument(id: string, collectionId: string): Promise<void>;
  forgetEmptyDeletedCollections(): Promise<void>;
}

export interface PassageToStore {
  position: number;
  heading: string;
  text: string;
  /** The document's title and the headings: indexed and embedded with the text. */
  context: string;
  embedding: Float32Array;
}

/** One hit of one retrieval method; lower `distance` is better (bm25 or cosine distance). */
export interface PassageHit {
  chunkId: number;
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

/** Passages with their full-text and vector indexes. */
export interface PassageIndex {
  insert(
    target: { documentId: string; collectionId: string; dimensions: number },
    passages: readonly PassageToStore[],
  ): Promise<void>;
  /** Removes up to `limit` passages of a document; how many it removed. */
  removeSome(documentId: string, dimensions: number, limit: number): Promise<number>;
  fullText(collectionIds: readonly string[], match: string, n: number): Promise<PassageHit[]>;
  nearest(collectionIds: readonly string[], vector: Float32Array, n: number): Promise<PassageHit[]>;
  passages(chunkIds: readonly number[]): Promise<StoredPassage[]>;
}

/** The tenant's collections among `ids` (all of them when empty), with how each embeds. */
export interface CollectionDirectory {
  searchable(
    tenantId: string,
    ids: readonly string[],
  ): Promise<Array<{ id: string; embedding: EmbeddingSpec }>>;
}
