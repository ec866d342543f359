/** 20 ms frames of one call's stereo audio to encode, with how much of the last is real. */
export interface EncodeBatch {
  /** Interleaved stereo 48 kHz PCM16, a whole number of 20 ms frames. */
  pcm: Int16Array;
  /** Samples per channel that are audio; the rest pads the last frame. */
  validSamples: number;
  /** The call's last batch: the stream ends with it. */
  last: boolean;
}

/**
 * Opus encoding for every recording on the machine, kept off the audio clock's path. `encode`
 * calls for one stream are answered in order, each with the Ogg pages to append.
 */
export interface RecordingEncoders {
  readonly mode: "worker" | "inline";
  open(streamId: string, serial: number): void;
  encode(streamId: string, batch: EncodeBatch): Promise<Uint8Array>;
  close(streamId: string): void;
  shutdown(): Promise<void>;
}

/** Pages joined into one buffer (what a part holds). */
export function joinBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
