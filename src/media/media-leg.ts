/**
 * The caller side of a call: one transport carrying the caller's audio in and the agent's audio
 * out, as 10 ms frames of PCM16 mono 48 kHz. WebRTC is the first implementation; LiveKit rooms
 * and telephony streams implement the same interface.
 */
export const MEDIA_SAMPLE_RATE = 48000;
export const MEDIA_FRAME_SAMPLES = 480;

export interface MediaLeg {
  on<K extends keyof MediaLegEvents>(
    event: K,
    listener: (...args: MediaLegEvents[K]) => void,
  ): () => void;
  /** One 10 ms frame of agent audio (480 samples, 48 kHz mono). The caller of this paces it. */
  sendAudio(frame: Int16Array): void;
  /** Closes the transport and releases everything it holds. Idempotent. */
  close(reason?: string): Promise<void>;
  stats(): MediaLegStats;
}

export type MediaLegEvents = {
  /** Media flows: ICE and DTLS are up (or the transport's equivalent). */
  connected: [];
  /**
   * One 10 ms frame of caller audio, 480 samples at 48 kHz mono. The array is reused for the
   * next frame: copy it to keep it.
   */
  audio: [frame: Int16Array];
  /** A DTMF digit the caller pressed (RFC 4733 telephone-event), where the transport sees them. */
  dtmf: [digit: string];
  /** The far end went away or the transport failed. */
  disconnected: [reason: string];
  /** close() finished. */
  closed: [];
};

export interface MediaLegStats {
  framesIn: number;
  framesOut: number;
}
