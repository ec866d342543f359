/** Model audio is PCM16 mono at 24 kHz: 24 samples make one millisecond. */
const SAMPLES_PER_MS = 24;

interface ItemAudio {
  samples: number;
  /** Where the item was last truncated to, if it was. */
  truncatedAtMs: number | null;
}

/**
 * What audio each assistant item has delivered, so a truncation never claims more than was
 * received, never targets an item with no audio yet, and never moves an earlier cut forward.
 * One book per provider session: item ids do not carry over.
 */
export class TruncationBook {
  private readonly items = new Map<string, ItemAudio>();

  recordAudio(itemId: string, samples: number): void {
    const item = this.items.get(itemId);
    if (item) item.samples += samples;
    else this.items.set(itemId, { samples, truncatedAtMs: null });
  }

  receivedMs(itemId: string): number {
    return Math.floor((this.items.get(itemId)?.samples ?? 0) / SAMPLES_PER_MS);
  }

  /**
   * The milliseconds to send in `conversation.item.truncate` for `requestedMs`, or null when no
   * truncation should be sent. Marks the item as truncated there.
   */
  clamp(itemId: string, requestedMs: number): number | null {
    const item = this.items.get(itemId);
    if (!item || item.samples === 0) return null;
    let ms = Math.min(Math.max(0, Math.floor(requestedMs)), this.receivedMs(itemId));
    if (item.truncatedAtMs !== null) {
      if (ms >= item.truncatedAtMs) return null; // already cut there or earlier
      ms = Math.min(ms, item.truncatedAtMs);
    }
    item.truncatedAtMs = ms;
    return ms;
  }

  reset(): void {
    this.items.clear();
  }
}
