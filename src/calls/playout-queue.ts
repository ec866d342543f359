/**
 * Agent audio waiting to be played, at the model's rate (24 kHz), in the chunks it arrived in.
 * It knows which assistant item each sample belongs to and how much of the current item has
 * been played, which is what a truncation after barge-in must report.
 */
interface Segment {
  pcm: Int16Array;
  itemId: string;
  offset: number;
}

export interface PlayedItem {
  itemId: string;
  playedSamples: number;
}

export class PlayoutQueue {
  private segments: Segment[] = [];
  private head = 0;
  private queued = 0;
  private current: PlayedItem | null = null;

  constructor(readonly sampleRate: number) {}

  /** Samples waiting to be played. */
  get pendingSamples(): number {
    return this.queued;
  }

  get pendingMs(): number {
    return (this.queued * 1000) / this.sampleRate;
  }

  /** The item now playing and how much of it has gone out. */
  get playing(): PlayedItem | null {
    return this.current;
  }

  push(pcm: Int16Array, itemId: string): void {
    if (pcm.length === 0) return;
    this.segments.push({ pcm, itemId, offset: 0 });
    this.queued += pcm.length;
  }

  /**
   * Fills `out` with the next samples; what the queue cannot fill is silence. Returns how many
   * real samples were written.
   */
  read(out: Int16Array): number {
    let written = 0;
    while (written < out.length && this.head < this.segments.length) {
      const segment = this.segments[this.head] as Segment;
      const take = Math.min(out.length - written, segment.pcm.length - segment.offset);
      out.set(segment.pcm.subarray(segment.offset, segment.offset + take), written);
      segment.offset += take;
      written += take;
      this.queued -= take;
      if (this.current?.itemId !== segment.itemId)
        this.current = { itemId: segment.itemId, playedSamples: 0 };
      this.current.playedSamples += take;
      if (segment.offset === segment.pcm.length) this.head++;
    }
    if (this.head > 64 && this.head * 2 > this.segments.length) {
      // Drop consumed segments now and then rather than shifting on every read.
      this.segments = this.segments.slice(this.head);
      this.head = 0;
    }
    if (written < out.length) out.fill(0, written);
    return written;
  }

  /** Barge-in: drops everything queued; returns what had been played of the current item. */
  clear(): PlayedItem | null {
    const played = this.current;
    this.segments = [];
    this.head = 0;
    this.queued = 0;
    this.current = null;
    return played;
  }

  playedMs(item: PlayedItem): number {
    return Math.floor((item.playedSamples * 1000) / this.sampleRate);
  }
}
