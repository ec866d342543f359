/**
 * Re-transcriptions still running, by call: the live call starts them as soon as a line comes
 * in unsure, and the after-call transcript step waits for a call's to finish.
 */
export class PendingRetranscriptions {
  private readonly byCall = new Map<string, Set<Promise<void>>>();

  add(callId: string, work: Promise<void>): void {
    let set = this.byCall.get(callId);
    if (!set) {
      set = new Set();
      this.byCall.set(callId, set);
    }
    const tracked = work.catch(() => {});
    set.add(tracked);
    void tracked.then(() => {
      set.delete(tracked);
      if (set.size === 0 && this.byCall.get(callId) === set) this.byCall.delete(callId);
    });
  }

  /** How many are running for the call. */
  count(callId: string): number {
    return this.byCall.get(callId)?.size ?? 0;
  }

  /** Resolves once none of the call's re-transcriptions runs (including any added meanwhile). */
  async settled(callId: string): Promise<void> {
    for (;;) {
      const set = this.byCall.get(callId);
      if (!set || set.size === 0) return;
      await Promise.all([...set]);
    }
  }
}
