/**
 * Hears both sides of a call frame by frame on the call clock: what the recording is made of.
 * Frames are 10 ms of 48 kHz mono PCM16 and may be reused by the caller at once (copy to keep).
 */
export interface CallAudioTap {
  /** The frame sent to the caller in this tick (agent speech, a cue, or silence). */
  agentFrame(frame: Int16Array): void;
  /** A frame of the caller's audio as it arrived. */
  callerFrame(frame: Int16Array): void;
  /**
   * One 10 ms tick of the call clock, for the frame at `offsetMs` from the call's start. Frames
   * the clock skipped (a stalled process) are silence in the recording, so it stays aligned.
   */
  tick(offsetMs: number): void;
  /** The call is over: no more frames. */
  stop(): void;
}

/** Starts the tap for a call, or gives none (recording off for the agent). */
export interface CallAudioTaps {
  start(call: { id: string; tenantId: string; recordingEnabled: boolean }): CallAudioTap | null;
}
