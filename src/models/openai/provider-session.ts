import type { RealtimeClientEvent } from "openai/resources/realtime/realtime";
import { ModelConnectError } from "../model-leg";
import { parseServerEvent, type ServerEvent } from "./server-events";
import type { RealtimeSocket, SocketFactory } from "./transport";

export interface ProviderSessionOptions {
  url: string;
  apiKey: string;
  socketFactory: SocketFactory;
  /** 1 for the first session of a leg, then 2, 3... after rotations and reconnects. */
  number: number;
  onEvent: (session: ProviderSession, event: ServerEvent) => void;
  onClose: (session: ProviderSession, code: number, reason: string) => void;
}

type Phase =
  | { phase: "opening" }
  | { phase: "open"; sessionId: string }
  | { phase: "closed"; code: number; reason: string };

/**
 * One WebSocket session with the realtime API. It opens, waits for `session.created`, then
 * passes parsed events on, tagged with itself so the leg can ignore a session it has replaced.
 * Once closed it delivers nothing more.
 */
export class ProviderSession {
  readonly number: number;
  private state: Phase = { phase: "opening" };
  private socket: RealtimeSocket | null = null;

  constructor(private readonly options: ProviderSessionOptions) {
    this.number = options.number;
  }

  get sessionId(): string | null {
    return this.state.phase === "open" ? this.state.sessionId : null;
  }

  get isOpen(): boolean {
    return this.state.phase === "open";
  }

  /** Resolves with the session id on `session.created`; rejects on timeout, close or abort. */
  open(timeoutMs: number, signal?: AbortSignal): Promise<string> {
    return new Promise((resolve, reject) => {
      const fail = (error: ModelConnectError) => {
        cleanup();
        this.close(1000, "connect failed");
        reject(error);
      };
      const timer = setTimeout(() => {
        fail(new ModelConnectError(`model did not connect within ${timeoutMs} ms`, "timeout"));
      }, timeoutMs);
      const onAbort = () => fail(new ModelConnectError("model connect aborted", "connection"));
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });

      this.socket = this.options.socketFactory(
        this.options.url,
        { Authorization: `Bearer ${this.options.apiKey}` },
        {
          onOpen: () => {},
          onMessage: (text) => {
            if (this.state.phase === "closed") return;
            const event = parseServerEvent(text);
            if (this.state.phase === "opening") {
              if (event.type === "error") {
                return fail(new ModelConnectError(event.error.message, "connection"));
              }
              if (event.type !== "session.created") return;
              const id = (event.session as { id?: unknown }).id;
              this.state = { phase: "open", sessionId: typeof id === "string" ? id : "" };
              cleanup();
              resolve(this.state.sessionId);
            }
            this.options.onEvent(this, event);
          },
          onClose: (code, reason) => {
            if (this.state.phase === "closed") return;
            const wasOpening = this.state.phase === "opening";
            this.state = { phase: "closed", code, reason };
            if (wasOpening) {
              cleanup();
              const why = reason ? `${code} ${reason}` : `${code}`;
              reject(new ModelConnectError(`model connection closed (${why})`, "connection"));
              return;
            }
            this.options.onClose(this, code, reason);
          },
          onError: () => {}, // a close always follows; it carries the code
        },
      );
    });
  }

  send(event: RealtimeClientEvent): boolean {
    if (this.state.phase !== "open" || !this.socket) return false;
    return this.socket.send(JSON.stringify(event));
  }

  /** Closes without reporting the close to the leg (it asked for it). */
  close(code = 1000, reason = "closed by gateway"): void {
    if (this.state.phase !== "closed") this.state = { phase: "closed", code, reason };
    this.socket?.close(code, reason);
  }
}
