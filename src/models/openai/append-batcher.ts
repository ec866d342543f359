/** The realtime API's input rate: PCM16 mono at 24 kHz. */
const SAMPLES_PER_MS = 24;

/**
 * Gathers caller audio into fewer, larger `input_audio_buffer.append` messages: one every
 * `appendMs` of audio instead of one per 10 ms frame. Each message costs a JSON encode, a base64
 * encode and a WebSocket send; the price is that a frame waits up to `appendMs - 10` ms before
 * the model hears it (see BENCHMARKS.md, Capacity levers).
 */
export class AppendBatcher {
  private readonly pending: Int16Array;
  private filled = 0;

  constructor(
    appendMs: number,
    private readonly emit: (pcm: Int16Array) => void,
  ) {
    this.pending = new Int16Array(Math.max(1, Math.round(appendMs * SAMPLES_PER_MS)));
  }

  push(pcm: Int16Array): void {
    if (this.filled === 0 && pcm.length >= this.pending.length) {
      this.emit(pcm);
      return;
    }
    let offset = 0;
    while (offset < pcm.length) {
      const taken = Math.min(this.pending.length - this.filled, pcm.length - offset);
      this.pending.set(pcm.subarray(offset, offset + taken), this.filled);
      this.filled += taken;
      offset += taken;
      if (this.filled === this.pending.length) this.flush();
    }
  }

  /** Sends what is gathered (before a commit, so the model gets the turn's last audio). */
  flush(): void {
    if (this.filled === 0) return;
    this.emit(this.pending.subarray(0, this.filled));
    this.filled = 0;
  }

  /** Drops what is gathered (the input buffer is being cleared, or the leg closes). */
  discard(): void {
    this.filled = 0;
  }
}
