import { DomainError } from "../domain/errors";
import type { Transcript } from "./transcript";

/** PDFs waiting or rendering at once; beyond, an export is refused for now (429). */
export const MAX_QUEUED_PDFS = 8;

/** Bun's workers can stop holding the process open; the DOM typings do not know it. */
type BunWorker = Worker & { ref(): void; unref(): void };

type Reply = { id: number; pdf: Uint8Array<ArrayBuffer> } | { id: number; error: string };

/**
 * One worker per process renders PDFs, one after another, started on the first export. If it
 * dies, what it was rendering fails and the next export starts a new one.
 */
class PdfRenderer {
  private worker: BunWorker | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (pdf: Uint8Array<ArrayBuffer>) => void; reject: (error: Error) => void }
  >();

  render(transcript: Transcript): Promise<Uint8Array<ArrayBuffer>> {
    if (this.pending.size >= MAX_QUEUED_PDFS) {
      const busy = `${MAX_QUEUED_PDFS} PDF exports are already being made; try again shortly`;
      return Promise.reject(new DomainError("rate_limited", busy));
    }
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, transcript });
    });
  }

  private start(): BunWorker {
    const worker = new Worker(new URL("./pdf-worker.ts", import.meta.url).href) as BunWorker;
    worker.addEventListener("message", (event: MessageEvent<Reply>) => {
      const reply = event.data;
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      // An idle worker does not keep the process alive.
      if (this.pending.size === 0) worker.unref();
      if (!waiting) return;
      if ("pdf" in reply) waiting.resolve(reply.pdf);
      else waiting.reject(new Error(`PDF rendering failed: ${reply.error}`));
    });
    worker.addEventListener("error", (event) => {
      this.worker = null;
      const error = new Error(`PDF renderer stopped: ${event.message}`);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      worker.terminate();
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

const renderer = new PdfRenderer();

/** The transcript as a PDF, rendered in a worker thread so live calls are not held up. */
export function renderTranscriptPdf(transcript: Transcript): Promise<Uint8Array<ArrayBuffer>> {
  return renderer.render(transcript);
}
