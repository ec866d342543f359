import {
  type SessionStoreHistogram,
  type SessionStoreOperation,
  timeOperation,
} from "../metrics/session-store-latency";
import type { SessionBackend, SessionStore, WindowSpend } from "./session-store";

/** A session store whose every operation is timed into /metrics (`astra_session_store_seconds`). */
export class TimedSessionStore implements SessionStore {
  readonly backend: SessionBackend;

  constructor(
    private readonly inner: SessionStore,
    private readonly histogram: SessionStoreHistogram,
  ) {
    this.backend = inner.backend;
  }

  private time<T>(operation: SessionStoreOperation, run: () => Promise<T>): Promise<T> {
    return timeOperation(this.histogram, this.backend, operation, run);
  }

  get(key: string): Promise<string | null> {
    return this.time("get", () => this.inner.get(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.time("set", () => this.inner.set(key, value, ttlMs));
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.time("set_if_absent", () => this.inner.setIfAbsent(key, value, ttlMs));
  }

  compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    return this.time("compare_and_set", () =>
      this.inner.compareAndSet(key, expected, value, ttlMs),
    );
  }

  compareAndDelete(key: string, expected: string): Promise<boolean> {
    return this.time("compare_and_delete", () => this.inner.compareAndDelete(key, expected));
  }

  spendInWindow(key: string, limit: number, windowMs: number): Promise<WindowSpend> {
    return this.time("spend_in_window", () => this.inner.spendInWindow(key, limit, windowMs));
  }

  acquireSlot(key: string, holder: string, limit: number, ttlMs: number): Promise<boolean> {
    return this.time("acquire_slot", () => this.inner.acquireSlot(key, holder, limit, ttlMs));
  }

  releaseSlot(key: string, holder: string): Promise<boolean> {
    return this.time("release_slot", () => this.inner.releaseSlot(key, holder));
  }

  slotsTaken(key: string): Promise<number> {
    return this.time("slots_taken", () => this.inner.slotsTaken(key));
  }

  delete(key: string): Promise<boolean> {
    return this.time("delete", () => this.inner.delete(key));
  }

  keys(prefix: string): Promise<string[]> {
    return this.time("keys", () => this.inner.keys(prefix));
  }

  ping(): Promise<void> {
    return this.time("ping", () => this.inner.ping());
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
