import type { EncodeBatch, RecordingEncoders } from "./encoders";

export type EncoderRequest =
  | { kind: "open"; streamId: string; serial: number }
  | { kind: "close"; streamId: string }
  | ({ kind: "encode"; requestId: number; streamId: string } & EncodeBatch);

export type EncoderReply =
  | { requestId: number; pages: Uint8Array }
  | { requestId: number; error: string };

interface Waiting {
  resolve(pages: Uint8Array): void;
  reject(error: Error): void;
}

/**
 * One worker thread encodes for every call: the PCM of each batch is handed over (transferred,
 * not copied) and the pages come back, so the audio clock's thread does no encoding at all.
 */
export class WorkerEncoders implements RecordingEncoders {
  readonly mode = "worker";
  // An idle encoder must not keep the process alive (Bun's `ref` option).
  private readonly worker = new Worker(new URL("./encoder-worker.ts", import.meta.url).href, {
    ref: false,
  } as WorkerOptions);
  private readonly waiting = new Map<number, Waiting>();
  private nextRequest = 1;
  private failure: Error | null = null;

  constructor() {
    this.worker.onmessage = (event: MessageEvent<EncoderReply>) => {
      const reply = event.data;
      const waiting = this.waiting.get(reply.requestId);
      this.waiting.delete(reply.requestId);
      if (!waiting) return;
      if ("error" in reply) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply.pages);
    };
    this.worker.onerror = (event) => {
      this.failure = new Error(`recording encoder worker failed: ${event.message}`);
      for (const waiting of this.waiting.values()) waiting.reject(this.failure);
      this.waiting.clear();
    };
  }

  open(streamId: string, serial: number): void {
    this.post({ kind: "open", streamId, serial });
  }

  encode(streamId: string, batch: EncodeBatch): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    const requestId = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.waiting.set(requestId, { resolve, reject });
      this.post({ kind: "encode", requestId, streamId, ...batch }, [batch.pcm.buffer]);
    });
  }

  close(streamId: string): void {
    this.post({ kind: "close", streamId });
  }

  async shutdown(): Promise<void> {
    this.worker.terminate();
    const stopped = new Error("recording encoder stopped");
    for (const waiting of this.waiting.values()) waiting.reject(stopped);
    this.waiting.clear();
  }

  private post(request: EncoderRequest, transfer: Transferable[] = []): void {
    this.worker.postMessage(request, transfer);
  }
}
