// Messages from a child process, waited for by type with a time limit; a child that exits
// early fails every wait at once instead of letting each run into its timeout.

interface Waiter<M> {
  type: string;
  resolve: (message: M) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class Mailbox<M extends { type: string }> {
  private readonly queued: M[] = [];
  private readonly waiters = new Set<Waiter<M>>();
  private failure: Error | null = null;

  constructor(private readonly name: string) {}

  deliver(message: M): void {
    for (const waiter of this.waiters) {
      if (waiter.type !== message.type) continue;
      this.settle(waiter);
      waiter.resolve(message);
      return;
    }
    this.queued.push(message);
  }

  /** Every wait, now and later, rejects with this error. */
  fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiters) {
      this.settle(waiter);
      waiter.reject(error);
    }
  }

  next<K extends M["type"]>(type: K, timeoutMs: number): Promise<Extract<M, { type: K }>> {
    const index = this.queued.findIndex((m) => m.type === type);
    if (index >= 0)
      return Promise.resolve(this.queued.splice(index, 1)[0] as Extract<M, { type: K }>);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const waiter: Waiter<M> = {
        type,
        resolve: (message) => resolve(message as Extract<M, { type: K }>),
        reject,
        timer: setTimeout(() => {
          this.settle(waiter);
          reject(new Error(`${this.name}: no "${type}" message within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  private settle(waiter: Waiter<M>): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
  }
}
