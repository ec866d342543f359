/**
 * The WebSocket under a model session: the only place that knows which runtime opens it.
 * Bun's WebSocket client accepts request headers (a non-standard option), which the
 * server-to-server realtime API needs for `Authorization`. Everything else speaks
 * `RealtimeSocket`, so another runtime only needs another `SocketFactory`.
 */

export interface RealtimeSocket {
  /** Returns false when the socket is not open (the text was not sent). */
  send(text: string): boolean;
  close(code?: number, reason?: string): void;
}

export interface SocketHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  onClose(code: number, reason: string): void;
  onError(message: string): void;
}

export type SocketFactory = (
  url: string,
  headers: Record<string, string>,
  handlers: SocketHandlers,
) => RealtimeSocket;

const OPEN = 1;

/** Bun's constructor signature; the DOM typings in this project only know subprotocols. */
type HeaderWebSocket = new (url: string, options: { headers: Record<string, string> }) => WebSocket;
const RuntimeWebSocket = WebSocket as unknown as HeaderWebSocket;

export const openRuntimeSocket: SocketFactory = (url, headers, handlers) => {
  const ws = new RuntimeWebSocket(url, { headers });
  ws.addEventListener("open", () => handlers.onOpen());
  ws.addEventListener("message", (event) => {
    if (typeof event.data === "string") handlers.onMessage(event.data);
    else handlers.onError("binary message from model server");
  });
  ws.addEventListener("close", (event) => handlers.onClose(event.code, event.reason));
  ws.addEventListener("error", () => handlers.onError("websocket error"));
  return {
    send(text) {
      if (ws.readyState !== OPEN) return false;
      ws.send(text);
      return true;
    },
    close(code = 1000, reason = "") {
      ws.close(code, reason);
    },
  };
};
