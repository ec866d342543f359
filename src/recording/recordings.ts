import type { BlobStore } from "../blobs/blob-store";
import type { AfterCallStep, EndedCall } from "../calls/after-call";
import type { CallAudioTap, CallAudioTaps } from "../calls/audio-tap";
import type { Logger } from "../log/logger";
import type { CallRecordingStore } from "../store/call-recordings";
import { CallRecorder } from "./call-recorder";
import type { RecordingEncoders } from "./encoders";
import { eraseRecording, finishRecording } from "./finish-recording";
import { partKey, recordingKey } from "./recording-keys";

export interface RecordingsDeps {
  store: CallRecordingStore;
  blobs: BlobStore;
  encoders: RecordingEncoders;
  log: Logger;
  /** Audio gathered before each part is written (default 3 s): what a crash can lose. */
  partMs?: number;
}

/**
 * Every call's recording on this machine: started with the call (unless its agent turned
 * recording off), finished into one file after it, and closed at startup when a crash cut it.
 */
export class Recordings implements CallAudioTaps {
  private readonly live = new Map<string, CallRecorder>();

  constructor(private readonly deps: RecordingsDeps) {}

  start(call: { id: string; tenantId: string; recordingEnabled: boolean }): CallAudioTap | null {
    if (!call.recordingEnabled) return null;
    const { store, blobs, encoders, log } = this.deps;
    const created = store.create(call.id, call.tenantId, recordingKey(call.tenantId, call.id));
    created.catch(() => {}); // reported by the first part write, which waits for it
    encoders.open(call.id, crypto.getRandomValues(new Uint32Array(1))[0] ?? 1);
    const recorder = new CallRecorder({
      streamId: call.id,
      encoders,
      partMs: this.deps.partMs,
      writePart: async (n, bytes) => {
        await created;
        await blobs.put(partKey(call.tenantId, call.id, n), bytes);
      },
      onError: (error) => log.error("recording failed", { callId: call.id, error }),
    });
    this.live.set(call.id, recorder);
    void recorder.done.then(() => this.live.delete(call.id));
    return recorder;
  }

  /** Recordings still being written on this machine. */
  get liveCount(): number {
    return this.live.size;
  }

  /** Waits until the call's recorder (if it runs here) has written its last part, then joins them. */
  async finish(callId: string): Promise<void> {
    const recorder = this.live.get(callId);
    const outcome = recorder ? await recorder.done : null;
    if (outcome) this.deps.log.info("recording written", { callId, ...outcome });
    if (outcome?.failed) {
      await this.deps.store.markFailed(callId, "the recording could not be written");
      return;
    }
    const result = await finishRecording(callId, this.deps.store, this.deps.blobs);
    if (result === "failed") this.deps.log.warn("recording had no audio", { callId });
  }

  /** Closes every recording whose call ended without finishing it (the previous run crashed). */
  async closeInterrupted(): Promise<number> {
    const open = await this.deps.store.openOfEndedCalls();
    let closed = 0;
    for (const row of open) {
      if (this.live.has(row.callId)) continue;
      try {
        if ((await finishRecording(row.callId, this.deps.store, this.deps.blobs)) === "ready")
          closed++;
      } catch (error) {
        this.deps.log.error("could not close an interrupted recording", {
          callId: row.callId,
          error,
        });
      }
    }
    return closed;
  }

  /** Removes a call's recording (file and parts) and marks it deleted; false if it had none. */
  async erase(callId: string): Promise<boolean> {
    const row = await this.deps.store.get(callId);
    if (!row) return false;
    await this.live.get(callId)?.done;
    await eraseRecording(row, this.deps.store, this.deps.blobs);
    return true;
  }

  /** The after-call step that finishes each call's recording. */
  afterCallStep(): AfterCallStep {
    return { name: "recording", run: (call: EndedCall) => this.finish(call.id) };
  }

  shutdown(): Promise<void> {
    return this.deps.encoders.shutdown();
  }
}
