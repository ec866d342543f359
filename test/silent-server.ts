/** A server that accepts connections and reads what is sent, but never answers a byte. */
export interface SilentServer {
  port: number;
  /** Connections it accepted so far. */
  readonly accepted: number;
  close(): void;
}

/**
 * Stands for a store that hangs: an overloaded Redis, a half-open connection, a proxy stuck in
 * front of Upstash. Speaks no protocol, so a Redis client waits on its greeting and an HTTP
 * client on its response head, as they would on the real thing gone quiet.
 */
export function startSilentServer(): SilentServer {
  let accepted = 0;
  const listener = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open() {
        accepted++;
      },
      data() {},
    },
  });
  return {
    port: listener.port,
    get accepted() {
      return accepted;
    },
    close: () => listener.stop(true),
  };
}
