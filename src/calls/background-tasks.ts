/**
 * Work started after a request was answered (webhook events are acknowledged first, acted on
 * after). Shutdown and tests wait for it with `idle()`.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  run(task: Promise<unknown>): void {
    const tracked = task.catch(this.onError).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves once nothing is running, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
