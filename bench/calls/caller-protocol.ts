// Messages between the call benchmark and a caller process (Bun IPC, JSON).

export interface DialOrder {
  type: "dial";
  baseUrl: string;
  key: string;
  agentId: string;
  calls: number;
  /** Calls start this far apart, so the gateway is not hit by all offers at once. */
  staggerMs: number;
  /** Absolute path of a 48 kHz mono WAV every caller plays. */
  wavPath: string;
  /** First utterance this long after media connects (the greeting plays first). */
  firstTalkMs: number;
  /** Silence after each utterance, for the agent's reply. */
  pauseMs: number;
  /** At most this many utterances per call. */
  maxUtterances: number;
}

export interface HangUpOrder {
  type: "hangUp";
}

export type ToCaller = DialOrder | HangUpOrder;

export interface DialledCall {
  callId: string;
  /** Offer posted to answer received, milliseconds. */
  answerMs: number;
  /** Answer received to ICE/DTLS connected, milliseconds. */
  connectMs: number;
  /** The addresses of the ICE pair in use. */
  pair: string | null;
}

export interface HeardCall {
  callId: string;
  utterances: number;
  /** Agent audio the caller heard above about -40 dBFS, milliseconds. */
  audibleMs: number;
}

export type FromCaller =
  | { type: "ready" }
  | { type: "dialled"; calls: DialledCall[]; failures: string[] }
  | { type: "hungUp"; calls: HeardCall[] };
