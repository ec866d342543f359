import type { Logger } from "../log/logger";
import { type Chunk, type ChunkingOptions, chunkText, DEFAULT_CHUNKING } from "./chunking";
import { documentText, headingsByLook, UnreadableDocument } from "./document-text";
import type { Embedder, Embedders } from "./embedder";
import type { DocumentQueue, PassageIndex, PendingDocument } from "./ports";

export interface IngestionDeps {
  queue: DocumentQueue;
  passages: PassageIndex;
  embedders: Embedders;
  log: Logger;
  chunking?: ChunkingOptions;
}

/** Passages embedded and written together, in one transaction; the event loop runs in between. */
const WRITE_BATCH = 32;
/** Passages removed in one transaction when a document goes. */
const PURGE_BATCH = 500;
/** A document cut into more passages than this is refused. */
export const MAX_CHUNKS_PER_DOCUMENT = 5000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * What a passage is about beyond its own words: its document's title and its headings. It is
 * indexed and embedded with the passage, so "are you open on Mondays" finds the restaurant's
 * hours in a document titled for the restaurant, under a heading that names no restaurant.
 */
export const passageContext = (title: string, heading: string) =>
  heading === "" ? title : `${title} › ${heading}`;

/**
 * Reads uploaded documents into passages, one document at a time, in the background: extract
 * the text, cut it along its structure, embed and store the passages in small batches (yielding
 * to the event loop between them, so calls in progress never wait on a large document). Deleted
 * documents' passages are removed the same way. Work left by a previous run is resumed by
 * `start()`: documents it was reading are read again from the start.
 */
export class KnowledgeIngestion {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly stopping = new AbortController();
  private readonly chunking: ChunkingOptions;

  constructor(private readonly deps: IngestionDeps) {
    this.chunking = deps.chunking ?? DEFAULT_CHUNKING;
  }

  async start(): Promise<void> {
    const resumed = await this.deps.queue.requeueInterrupted();
    if (resumed > 0)
      this.deps.log.info("knowledge documents read again after a restart", { resumed });
    this.wake();
  }

  /** There is new work (an upload, a deletion). */
  wake(): void {
    if (this.stopping.signal.aborted) return;
    this.again = true;
    this.running ??= this.drain()
      .catch((error) => this.deps.log.error("knowledge ingestion stopped", { error }))
      .finally(() => {
        this.running = null;
      });
  }

  /** Resolves once no work is left (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops after the current batch; a document being read is read again on the next start. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }

  private async drain(): Promise<void> {
    const { queue } = this.deps;
    while (this.again && !this.stopping.signal.aborted) {
      this.again = false;
      for (;;) {
        if (this.stopping.signal.aborted) return;
        if (await this.purgeSome()) continue;
        const next = await queue.claimPending();
        if (!next) break;
        await this.ingest(next);
      }
      await queue.forgetEmptyDeletedCollections();
    }
  }

  /** Removes one batch of a deleted document's passages; false when none is left to remove. */
  private async purgeSome(): Promise<boolean> {
    const target = await this.deps.queue.nextToPurge();
    if (!target) return false;
    const removed = await this.deps.passages.removeSome(
      target.documentId,
      target.dimensions,
      PURGE_BATCH,
    );
    if (removed < PURGE_BATCH)
      await this.deps.queue.forgetDocument(target.documentId, target.collectionId);
    await nextTurn();
    return true;
  }

  private async ingest(pending: PendingDocument): Promise<void> {
    const { document, embedding } = pending;
    const started = performance.now();
    try {
      const embedder = this.deps.embedders.forSpec(embedding);
      if (!embedder) {
        throw new UnreadableDocument(
          `the collection's embedding model ${embedding.model} (${embedding.dimensions} dimensions) is not available on this server`,
        );
      }
      await this.removePassages(document.id, embedding.dimensions);
      const text = await documentText(document.format, pending.source, this.stopping.signal);
      const count = await this.store(pending, embedder, text);
      if (count === 0) throw new UnreadableDocument("the document has no text");
      const ready = await this.deps.queue.markReady(document.id, count);
      this.deps.log.info("knowledge document ready", {
        documentId: document.id,
        chunks: count,
        ms: Math.round(performance.now() - started),
        kept: ready,
      });
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      const reason = failureReason(error);
      this.deps.log.warn("knowledge document failed", { documentId: document.id, reason });
      await this.removePassages(document.id, embedding.dimensions);
      await this.deps.queue.markFailed(document.id, reason);
    }
  }

  /** Cuts, embeds and stores the passages in batches; how many there were. */
  private async store(pending: PendingDocument, embedder: Embedder, text: string): Promise<number> {
    const target = {
      documentId: pending.document.id,
      collectionId: pending.document.collectionId,
      dimensions: embedder.spec.dimensions,
    };
    let batch: Chunk[] = [];
    let count = 0;
    const write = async () => {
      if (batch.length === 0) return;
      const passages = batch.map((chunk) => ({
        ...chunk,
        context: passageContext(pending.document.title, chunk.heading),
      }));
      const vectors = await embedder.embed(
        passages.map((p) => `${p.context}\n${p.text}`),
        this.stopping.signal,
      );
      this.stopping.signal.throwIfAborted();
      await this.deps.passages.insert(
        target,
        passages.map((passage, i) => ({ ...passage, embedding: vectors[i] as Float32Array })),
      );
      batch = [];
      await nextTurn();
    };
    const byLook = headingsByLook(pending.document.format);
    for (const chunk of chunkText(text, this.chunking, byLook)) {
      if (++count > MAX_CHUNKS_PER_DOCUMENT) {
        throw new UnreadableDocument(
          `the document makes more than ${MAX_CHUNKS_PER_DOCUMENT} passages; split it into smaller documents`,
        );
      }
      batch.push(chunk);
      if (batch.length >= WRITE_BATCH) await write();
    }
    await write();
    return count;
  }

  private async removePassages(documentId: string, dimensions: number): Promise<void> {
    while ((await this.deps.passages.removeSome(documentId, dimensions, PURGE_BATCH)) > 0) {
      await nextTurn();
    }
  }
}

/** What a tenant is told: our own reasons in full, others by kind only (they may quote secrets). */
function failureReason(error: unknown): string {
  if (error instanceof UnreadableDocument) return error.message;
  const status = (error as { status?: unknown }).status;
  if (typeof status === "number") {
    return `the embedding service answered ${status}; upload the document again to retry`;
  }
  const kind = error instanceof Error ? error.name : "error";
  return `the document could not be stored (${kind}); upload it again to retry`;
}
