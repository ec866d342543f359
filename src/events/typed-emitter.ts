/** An event map: event name -> the tuple of arguments its listeners receive. */
export type EventMap = { [name: string]: unknown[] };

export type Listener<Args extends unknown[]> = (...args: Args) => void;

/**
 * A minimal typed emitter. `on` returns the function that removes the listener, so teardown
 * code can keep one list of disposers. A throwing listener does not stop the others.
 */
export class TypedEmitter<Events extends EventMap> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(name, listener);
  }

  off<K extends keyof Events>(name: K, listener: Listener<Events[K]>): void {
    this.listeners.get(name)?.delete(listener as Listener<never>);
  }

  emit<K extends keyof Events>(name: K, ...args: Events[K]): void {
    const set = this.listeners.get(name);
    if (!set) return;
    // A Set may be iterated while listeners remove themselves; no copy per event on the audio path.
    for (const listener of set) {
      try {
        (listener as Listener<Events[K]>)(...args);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  removeAllListeners(): void {
    this.listeners.clear();
  }

  listenerCount(name: keyof Events): number {
    return this.listeners.get(name)?.size ?? 0;
  }
}
