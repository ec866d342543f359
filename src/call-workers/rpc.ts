import { ToolFailure, type ToolFailureReason } from "../calls/tool-port";
import { DomainError, type DomainErrorCode } from "../domain/errors";
import { MediaError, type MediaErrorCode } from "../media/media-error";

/**
 * A small typed request/response channel between the main thread and a call worker, over
 * structured clone. Requests can be aborted from the calling side; one-way notes carry events.
 * Errors that mean something to the caller (a bad SDP, a tool's failure, a domain refusal) are
 * rebuilt as their own class on the other side.
 */

/** One end of a worker channel: a Worker on the main thread, `self` inside the worker. */
export interface MessageEnd {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}

// biome-ignore lint/suspicious/noExplicitAny: handler maps are checked where they are declared
export type Handlers = Record<string, (arg: any, signal: AbortSignal) => unknown>;
export type Notes = Record<string, unknown>;

type WireError = { name: string; message: string; code?: string; details?: unknown };

type Wire =
  | { rpc: "call"; id: number; method: string; arg: unknown }
  | { rpc: "abort"; id: number }
  | { rpc: "result"; id: number; value: unknown }
  | { rpc: "error"; id: number; error: WireError }
  | { rpc: "note"; topic: string; payload: unknown };

function toWire(error: unknown): WireError {
  if (error instanceof MediaError)
    return { name: error.name, message: error.message, code: error.code };
  if (error instanceof ToolFailure)
    return { name: error.name, message: error.message, code: error.reason };
  if (error instanceof DomainError)
    return { name: error.name, message: error.message, code: error.code, details: error.details };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

function fromWire(wire: WireError): Error {
  if (wire.name === "MediaError") return new MediaError(wire.code as MediaErrorCode, wire.message);
  if (wire.name === "ToolFailure")
    return new ToolFailure(wire.code as ToolFailureReason, wire.message);
  if (wire.name === "DomainError")
    return new DomainError(wire.code as DomainErrorCode, wire.message, wire.details);
  const error = new Error(wire.message);
  if (wire.name === "AbortError" || wire.name === "TimeoutError") error.name = wire.name;
  return error;
}

export class Rpc<Local extends Handlers, Remote extends Handlers, In extends Notes> {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private readonly running = new Map<number, AbortController>();
  private readonly noteListeners = new Map<string, (payload: never) => void>();
  /** Set once the other side is gone: calls fail at once. */
  private gone: Error | null = null;

  constructor(
    private readonly end: MessageEnd,
    private readonly handlers: Local,
  ) {
    end.addEventListener("message", (event) => this.receive(event.data as Wire));
  }

  call<M extends keyof Remote & string>(
    method: M,
    arg: Parameters<Remote[M]>[0],
    options: { signal?: AbortSignal | undefined; transfer?: Transferable[] } = {},
  ): Promise<Awaited<ReturnType<Remote[M]>>> {
    const id = this.nextId++;
    const { signal } = options;
    if (this.gone) return Promise.reject(this.gone);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiting.delete(id);
        this.end.postMessage({ rpc: "abort", id } satisfies Wire);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.set(id, {
        resolve: (value) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(value as Awaited<ReturnType<Remote[M]>>);
        },
        reject: (error) => {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
      });
      this.end.postMessage({ rpc: "call", id, method, arg } satisfies Wire, options.transfer);
    });
  }

  /** Sends a one-way note (an event); nothing answers it. */
  note(topic: string, payload: unknown, transfer?: Transferable[]): void {
    this.end.postMessage({ rpc: "note", topic, payload } satisfies Wire, transfer);
  }

  onNote<T extends keyof In & string>(topic: T, listener: (payload: In[T]) => void): void {
    this.noteListeners.set(topic, listener as (payload: never) => void);
  }

  /** Rejects every call still waiting and every later one (the other side is gone). */
  failAll(error: Error): void {
    this.gone = error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }

  private receive(message: Wire): void {
    switch (message.rpc) {
      case "call":
        void this.serve(message.id, message.method, message.arg);
        return;
      case "abort":
        this.running.get(message.id)?.abort(new DOMException("aborted", "AbortError"));
        return;
      case "result":
        this.waiting.get(message.id)?.resolve(message.value);
        this.waiting.delete(message.id);
        return;
      case "error":
        this.waiting.get(message.id)?.reject(fromWire(message.error));
        this.waiting.delete(message.id);
        return;
      case "note":
        (this.noteListeners.get(message.topic) as ((payload: unknown) => void) | undefined)?.(
          message.payload,
        );
        return;
    }
  }

  private async serve(id: number, method: string, arg: unknown): Promise<void> {
    const handler = this.handlers[method];
    const controller = new AbortController();
    this.running.set(id, controller);
    try {
      if (!handler) throw new Error(`no handler for ${method}`);
      const value = await handler(arg, controller.signal);
      this.end.postMessage({ rpc: "result", id, value } satisfies Wire);
    } catch (error) {
      this.end.postMessage({ rpc: "error", id, error: toWire(error) } satisfies Wire);
    } finally {
      this.running.delete(id);
    }
  }
}
