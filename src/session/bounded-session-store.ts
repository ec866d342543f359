import type { SessionBackend, SessionStore, WindowSpend } from "./session-store";

/** How long an operation may wait on the store by default (SESSION_STORE_TIMEOUT_MS). */
export const DEFAULT_SESSION_STORE_TIMEOUT_MS = 500;

/** An operation the store did not answer in time; callers treat it as the store unreachable. */
export class SessionStoreTimeout extends Error {
  override name = "SessionStoreTimeout";

  constructor(operation: string, timeoutMs: number) {
    super(`session store did not answer ${operation} within ${timeoutMs} ms`);
  }
}

/**
 * A network store whose every operation settles within `timeoutMs`: past it the operation
 * rejects, and each caller falls back as it does when the store cannot be reached. A server that
 * accepts connections but never answers (overloaded, half-open, a proxy stuck) would otherwise
 * hold requests and webhooks for as long as the client waits, which may be for ever.
 *
 * A late answer still lands on the server (a claim or a count taken after the caller gave up):
 * each caller's fallback is safe with that, as with a store that answered the write but whose
 * reply was lost. `ping` is left to the health check, which has its own, longer, bound.
 */
export class BoundedSessionStore implements SessionStore {
  readonly backend: SessionBackend;

  constructor(
    private readonly inner: SessionStore,
    readonly timeoutMs: number,
  ) {
    this.backend = inner.backend;
  }

  get(key: string): Promise<string | null> {
    return this.bound("get", () => this.inner.get(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.bound("set", () => this.inner.set(key, value, ttlMs));
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.bound("set-if-absent", () => this.inner.setIfAbsent(key, value, ttlMs));
  }

  compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    return this.bound("compare-and-set", () =>
      this.inner.compareAndSet(key, expected, value, ttlMs),
    );
  }

  compareAndDelete(key: string, expected: string): Promise<boolean> {
    return this.bound("compare-and-delete", () => this.inner.compareAndDelete(key, expected));
  }

  spendInWindow(key: string, limit: number, windowMs: number): Promise<WindowSpend> {
    return this.bound("spend-in-window", () => this.inner.spendInWindow(key, limit, windowMs));
  }

  acquireSlot(key: string, holder: string, limit: number, ttlMs: number): Promise<boolean> {
    return this.bound("acquire-slot", () => this.inner.acquireSlot(key, holder, limit, ttlMs));
  }

  releaseSlot(key: string, holder: string): Promise<boolean> {
    return this.bound("release-slot", () => this.inner.releaseSlot(key, holder));
  }

  slotsTaken(key: string): Promise<number> {
    return this.bound("slots-taken", () => this.inner.slotsTaken(key));
  }

  delete(key: string): Promise<boolean> {
    return this.bound("delete", () => this.inner.delete(key));
  }

  keys(prefix: string): Promise<string[]> {
    return this.bound("keys", () => this.inner.keys(prefix));
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private bound<T>(operation: string, run: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new SessionStoreTimeout(operation, this.timeoutMs)),
        this.timeoutMs,
      );
      let running: Promise<T>;
      try {
        running = run();
      } catch (error) {
        running = Promise.reject(error);
      }
      running.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }
}
