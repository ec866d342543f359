import type { SessionStore } from "./session-store";

/** How long a health check waits on the store before calling it unreachable. */
export const SESSION_PING_TIMEOUT_MS = 2_000;

/**
 * "ok" when the store answers a ping within `timeoutMs`. A client reconnecting would otherwise
 * hold the check (and the prober waiting on /readyz) for its whole connect timeout.
 */
export async function sessionStoreHealth(
  store: SessionStore,
  timeoutMs = SESSION_PING_TIMEOUT_MS,
): Promise<"ok" | "unreachable"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"unreachable">((resolve) => {
    timer = setTimeout(() => resolve("unreachable"), timeoutMs);
  });
  try {
    return await Promise.race([
      store.ping().then(
        () => "ok" as const,
        () => "unreachable" as const,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
