import { type EncodeBatch, joinBytes, type RecordingEncoders } from "./encoders";
import { StereoOggEncoder } from "./stereo-ogg-encoder";

/**
 * Encodes on the main thread, each batch in a macrotask of its own (setImmediate), so the work
 * falls between clock ticks rather than inside one.
 */
export class InlineEncoders implements RecordingEncoders {
  readonly mode = "inline";
  private readonly streams = new Map<string, StereoOggEncoder>();

  open(streamId: string, serial: number): void {
    this.streams.set(streamId, new StereoOggEncoder(serial));
  }

  encode(streamId: string, batch: EncodeBatch): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      setImmediate(() => {
        try {
          const stream = this.streams.get(streamId);
          if (!stream) throw new Error(`no recording stream ${streamId}`);
          resolve(joinBytes(stream.encode(batch.pcm, batch)));
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  close(streamId: string): void {
    this.streams.get(streamId)?.dispose();
    this.streams.delete(streamId);
  }

  async shutdown(): Promise<void> {
    for (const id of [...this.streams.keys()]) this.close(id);
  }
}
