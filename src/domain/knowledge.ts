import type { Language } from "./languages";

/** How a collection's passages were turned into vectors; fixed when it is created. */
export interface EmbeddingSpec {
  /** `text-embedding-3-small` and the like, or `local-hash-v1` (offline, no key needed). */
  model: string;
  dimensions: number;
}

/** A tenant's set of documents, searched together. */
export interface KnowledgeCollection {
  id: string;
  tenantId: string;
  name: string;
  language: Language;
  embedding: EmbeddingSpec;
  /** Documents not deleted, whatever their status. */
  documentCount: number;
  /** Passages of the ready documents. */
  chunkCount: number;
  createdAt: string;
  updatedAt: string;
}

export const DOCUMENT_FORMATS = ["text", "markdown", "html", "pdf"] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** pending: waiting to be read; processing: being read; ready: searchable; failed: see error. */
export type DocumentStatus = "pending" | "processing" | "ready" | "failed";

export interface KnowledgeDocument {
  id: string;
  collectionId: string;
  tenantId: string;
  title: string;
  format: DocumentFormat;
  /** Size of what was uploaded. */
  byteSize: number;
  status: DocumentStatus;
  /** Why ingestion failed, in words a tenant can act on; null unless failed. */
  error: string | null;
  chunkCount: number;
  createdAt: string;
  updatedAt: string;
  ingestedAt: string | null;
}

/** How a search ranks passages: both indexes fused (hybrid), or one of them alone. */
export const RETRIEVAL_METHODS = ["hybrid", "fulltext", "vector"] as const;
export type RetrievalMethod = (typeof RETRIEVAL_METHODS)[number];
