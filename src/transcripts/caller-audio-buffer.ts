/**
 * The last stretch of the caller's audio as it was sent to the model (PCM16 mono), bounded, with
 * the call-clock time of each sample. The model times the caller's speech on its own input
 * timeline (milliseconds of audio appended to the current provider session); this buffer maps
 * those times to the call clock and cuts the clip of an utterance from them.
 *
 * Memory is allocated one second at a time as audio arrives, up to `capacityMs`.
 */
interface Anchor {
  /** Absolute sample index (since the first sample written). */
  sample: number;
  /** Call-clock milliseconds of that sample. */
  callMs: number;
}

/** Audio arriving this much off the time its predecessors give it starts a new anchor. */
const JITTER_MS = 20;
/** Anchors kept at most; only gaps and bursts make them, so this is rarely reached. */
const MAX_ANCHORS = 4096;

export class CallerAudioBuffer {
  private readonly blockSamples: number;
  private readonly blocks: Array<Int16Array | undefined>;
  private written = 0;
  private anchors: Anchor[] = [];
  /** Absolute sample where the current model session's input timeline starts. */
  private sessionOrigin = 0;

  constructor(
    readonly sampleRate = 24_000,
    readonly capacityMs = 60_000,
  ) {
    this.blockSamples = sampleRate;
    this.blocks = new Array(Math.max(1, Math.ceil(capacityMs / 1000)));
  }

  /** Samples the buffer can hold. */
  get capacitySamples(): number {
    return this.blocks.length * this.blockSamples;
  }

  /** Samples held now (at most the capacity). */
  get heldSamples(): number {
    return Math.min(this.written, this.capacitySamples);
  }

  /** Bytes of audio memory allocated. */
  get allocatedBytes(): number {
    return this.blocks.reduce((n, block) => n + (block ? block.byteLength : 0), 0);
  }

  /** Audio just sent to the model, which the call clock put at `callMs`. */
  write(pcm: Int16Array, callMs: number): void {
    if (pcm.length === 0) return;
    const last = this.anchors.at(-1);
    const expected = last ? last.callMs + this.msOf(this.written - last.sample) : null;
    // Audio keeps its place while it arrives on time give or take the jitter; a gap (or a burst
    // catching up after one) re-anchors it to when it was sent, so no drift builds up.
    if (expected === null || Math.abs(callMs - expected) > JITTER_MS)
      this.addAnchor(this.written, callMs);
    let offset = 0;
    while (offset < pcm.length) {
      const at = this.written + offset;
      const index = Math.floor(at / this.blockSamples) % this.blocks.length;
      const within = at % this.blockSamples;
      let block = this.blocks[index];
      if (!block) {
        block = new Int16Array(this.blockSamples);
        this.blocks[index] = block;
      }
      const take = Math.min(this.blockSamples - within, pcm.length - offset);
      block.set(pcm.subarray(offset, offset + take), within);
      offset += take;
    }
    this.written += pcm.length;
    this.dropStaleAnchors();
  }

  /** A new model session took over (rotation, reconnect): its input timeline starts here. */
  newModelSession(): void {
    this.sessionOrigin = this.written;
  }

  /**
   * The buffer's own position (a sample index since the first write) of `modelMs` on the current
   * model session's input timeline. Positions stay valid across later session changes.
   */
  positionAt(modelMs: number): number {
    return this.sessionOrigin + Math.round((modelMs * this.sampleRate) / 1000);
  }

  /** The call-clock time of `modelMs` on the current session's input timeline; null if too old. */
  callMsAt(modelMs: number): number | null {
    return this.callMsOf(this.positionAt(modelMs));
  }

  /** The call-clock time of a buffer position; null once it has left the buffer. */
  callMsOf(position: number): number | null {
    const anchor = this.anchorFor(position);
    return anchor ? anchor.callMs + this.msOf(position - anchor.sample) : null;
  }

  /** The audio between two times of the current session's input timeline (see `clipBetween`). */
  clip(modelStartMs: number, modelEndMs: number): Int16Array | null {
    return this.clipBetween(this.positionAt(modelStartMs), this.positionAt(modelEndMs));
  }

  /** The audio between two positions; null when its start has left the buffer or it is empty. */
  clipBetween(start: number, endPosition: number): Int16Array | null {
    const end = Math.min(this.written, endPosition);
    if (start < this.written - this.heldSamples || end <= start) return null;
    const out = new Int16Array(end - start);
    let offset = 0;
    while (offset < out.length) {
      const at = start + offset;
      const block = this.blocks[Math.floor(at / this.blockSamples) % this.blocks.length];
      const within = at % this.blockSamples;
      const take = Math.min(this.blockSamples - within, out.length - offset);
      if (block) out.set(block.subarray(within, within + take), offset);
      offset += take;
    }
    return out;
  }

  private msOf(samples: number): number {
    return (samples * 1000) / this.sampleRate;
  }

  private addAnchor(sample: number, callMs: number): void {
    this.anchors.push({ sample, callMs });
    if (this.anchors.length > MAX_ANCHORS) this.anchors.splice(0, this.anchors.length / 2);
  }

  /** Keeps the anchors that time audio still held (and the one just before it). */
  private dropStaleAnchors(): void {
    const oldest = this.written - this.heldSamples;
    let drop = 0;
    while (drop + 1 < this.anchors.length && (this.anchors[drop + 1] as Anchor).sample <= oldest)
      drop++;
    if (drop > 0) this.anchors.splice(0, drop);
  }

  private anchorFor(sample: number): Anchor | null {
    if (sample < this.written - this.heldSamples) return null;
    let found: Anchor | null = null;
    for (let i = this.anchors.length - 1; i >= 0; i--) {
      const anchor = this.anchors[i] as Anchor;
      if (anchor.sample <= sample) {
        found = anchor;
        break;
      }
    }
    return found;
  }
}
