import { ModelConnectError } from "../model-leg";
import type { RealtimeSocket, SocketFactory } from "../openai/transport";
import {
  type GeminiClientMessage,
  type GeminiServerMessage,
  type GeminiSetup,
  geminiLiveUrl,
  parseServerMessage,
} from "./wire";

export interface LiveSessionOptions {
  baseUrl: string;
  apiKey: string;
  socketFactory: SocketFactory;
  number: number;
  onMessage: (session: LiveSession, message: GeminiServerMessage) => void;
  onClose: (session: LiveSession, code: number, reason: string) => void;
}

type Phase = "opening" | "open" | "closed";

/**
 * One BidiGenerateContent WebSocket: opens, sends `setup`, waits for `setupComplete`, then
 * passes messages on tagged with itself, so the leg can ignore a session it has replaced.
 */
export class LiveSession {
  readonly number: number;
  private phase: Phase = "opening";
  private socket: RealtimeSocket | null = null;
  sessionId = "";

  constructor(private readonly options: LiveSessionOptions) {
    this.number = options.number;
  }

  get isOpen(): boolean {
    return this.phase === "open";
  }

  open(setup: GeminiSetup, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const fail = (error: ModelConnectError) => {
        cleanup();
        this.close(1000, "connect failed");
        reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(new ModelConnectError(`model did not connect within ${timeoutMs} ms`, "timeout")),
        timeoutMs,
      );
      const onAbort = () => fail(new ModelConnectError("model connect aborted", "connection"));
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      // The key goes in a header, never in the URL (URLs end up in logs).
      this.socket = this.options.socketFactory(
        geminiLiveUrl(this.options.baseUrl),
        { "x-goog-api-key": this.options.apiKey },
        {
          onOpen: () => this.socket?.send(JSON.stringify({ setup } satisfies GeminiClientMessage)),
          onMessage: (text) => {
            if (this.phase === "closed") return;
            const message = parseServerMessage(text);
            if (!message) return;
            if (this.phase === "opening") {
              if (!message.setupComplete) return;
              this.phase = "open";
              this.sessionId = message.setupComplete.sessionId ?? "";
              cleanup();
              resolve();
              return;
            }
            this.options.onMessage(this, message);
          },
          onClose: (code, reason) => {
            if (this.phase === "closed") return;
            const wasOpening = this.phase === "opening";
            this.phase = "closed";
            if (wasOpening) {
              cleanup();
              const why = reason ? `${code} ${reason}` : `${code}`;
              const category = code === 1008 || code === 4001 ? "auth" : "connection";
              reject(new ModelConnectError(`model connection closed (${why})`, category));
              return;
            }
            this.options.onClose(this, code, reason);
          },
          onError: () => {}, // a close always follows; it carries the code
        },
      );
    });
  }

  send(message: GeminiClientMessage): boolean {
    if (this.phase !== "open" || !this.socket) return false;
    return this.socket.send(JSON.stringify(message));
  }

  /** Closes without reporting the close to the leg (it asked for it). */
  close(code = 1000, reason = "closed by gateway"): void {
    this.phase = "closed";
    this.socket?.close(code, reason);
  }
}
