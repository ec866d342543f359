/**
 * The caller side of a call: one transport carrying the caller's audio in and the agent's audio
 * out, as 10 ms frames of PCM16 mono 48 kHz. WebRTC is the first implementation; LiveKit rooms
 * and telephony streams implement the same interface, and test/memory-media-leg.ts fakes it.
 * Nothing here may import a transport library.
 */
export const MEDIA_SAMPLE_RATE = 48000;
export const MEDIA_FRAME_SAMPLES = 480;

export interface MediaLeg {
  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof MediaLegEvents>(
    event: K,
    listener: (...args: MediaLegEvents[K]) => void,
  ): () => void;
  /**
   * One 10 ms frame of agent audio (480 samples, 48 kHz mono). The caller of this paces it
   * (one frame every 10 ms); the leg copies the frame, so the array may be reused at once.
   */
  sendAudio(frame10ms: Int16Array): void;
  /**
   * Closes the transport and releases everything it holds (connection, timers, listeners),
   * then emits `closed`. Idempotent.
   */
  close(reason?: string): Promise<void>;
  stats(): MediaLegStats;
  /**
   * For transports that buffer agent audio on the far side (telephony streams): drops what the
   * caller has not heard yet and returns how many of the last frames given to sendAudio() that
   * was. Legs that play frames as they are sent leave it out.
   */
  clearPlayout?(): number;
  /**
   * Where the leg is now. `connected` and `closed` are emitted once, so whoever subscribes late
   * (a call session set up after media was already flowing) reads this instead.
   */
  readonly state: MediaLegState;
  /**
   * When media started flowing (epoch ms), once it has: a session set up after that stamps the
   * connection at this time, not when it noticed. Legs that cannot tell leave it out.
   */
  readonly connectedAt?: number;
}

export type MediaLegState = "new" | "connected" | "closed";

export type MediaLegEvents = {
  /** Media flows: ICE and DTLS are up (or the transport's equivalent). Emitted once. */
  connected: [];
  /**
   * One 10 ms frame of caller audio, 480 samples at 48 kHz mono. The array is reused for the
   * next frame: copy it to keep it.
   */
  audio: [frame: Int16Array];
  /** A DTMF digit the caller pressed (RFC 4733 telephone-event), where the transport sees them. */
  dtmf: [digit: string];
  /**
   * The far end went away or the transport failed for good; the leg closes itself right after
   * (`closed` follows). Passing network blips that recover are not reported.
   */
  disconnected: [reason: string];
  /** The leg is closed and has released everything; the last event it emits. */
  closed: [];
};

export interface MediaLegStats {
  /** 10 ms frames delivered as `audio` events. */
  framesIn: number;
  /** 10 ms frames accepted by sendAudio() and handed to the transport. */
  framesOut: number;
  /** Times the transport ran dry waiting for sendAudio(), where it can tell. */
  underruns?: number;
}

/** Answers a caller's SDP offer with a media leg; a bad offer is refused with a reason. */
export type AnswerOffer = (offerSdp: string) => Promise<{ leg: MediaLeg; answerSdp: string }>;

/** Makes our own offer (calls we place), and applies the callee's answer once it comes. */
export type PlaceOffer = () => Promise<{
  leg: MediaLeg;
  offerSdp: string;
  applyAnswer(answerSdp: string): Promise<void>;
}>;
