// Notes, on this process's performance.now() clock, when a caller peer's media connected and
// when it first heard the agent: the first decoded 10 ms frame above a level threshold, taken
// from a sink of its own on the caller's incoming track (the caller peer keeps no times).

import { measureLevels } from "../../src/audio/levels";
import { Wrtc, type WrtcAudioSink } from "../../src/media/webrtc/wrtc";

/** The caller peer's own threshold for heard speech (CallerPeer.receivedSpeechMs). */
const HEARD_DBFS = -40;

export class CallerEar {
  connectedAt: number | null = null;
  firstSoundAt: number | null = null;
  private sink: WrtcAudioSink | null = null;
  private readonly waiters: Array<() => void> = [];

  /** Call before the answer is applied: the incoming track appears while it is. */
  constructor(private readonly pc: RTCPeerConnection) {
    pc.addEventListener("connectionstatechange", this.onState);
    pc.addEventListener("track", this.onTrack);
  }

  /** Resolves at the first sound heard; rejects after `timeoutMs`. */
  firstSound(timeoutMs: number): Promise<number> {
    if (this.firstSoundAt !== null) return Promise.resolve(this.firstSoundAt);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no agent audio within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(this.firstSoundAt ?? 0);
      });
    });
  }

  close(): void {
    this.pc.removeEventListener("connectionstatechange", this.onState);
    this.pc.removeEventListener("track", this.onTrack);
    if (this.sink) {
      this.sink.ondata = null;
      this.sink.stop();
      this.sink = null;
    }
  }

  private readonly onState = () => {
    if (this.connectedAt === null && this.pc.connectionState === "connected")
      this.connectedAt = performance.now();
  };

  private readonly onTrack = (event: RTCTrackEvent) => {
    if (this.sink) return;
    const sink = new Wrtc.nonstandard.RTCAudioSink(event.track);
    sink.ondata = (data) => {
      if (this.firstSoundAt !== null || measureLevels(data.samples).rmsDbfs <= HEARD_DBFS) return;
      this.firstSoundAt = performance.now();
      sink.ondata = null;
      for (const wake of this.waiters.splice(0)) wake();
    };
    this.sink = sink;
  };
}
