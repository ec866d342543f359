// Messages between the call benchmark and a caller process (Bun IPC, JSON).

/** What the callers dial: a browser call to an agent, or a phone call to a tenant's Twilio number. */
export type CallLine =
  | { kind: "web"; key: string; agentId: string }
  | {
      kind: "phone";
      /** The tenant's API key, to hang up and to find the calls' ids. */
      key: string;
      tenantId: string;
      /** The tenant's `twilio` credential: requests are signed with its auth token. */
      accountSid: string;
      authToken: string;
      /** The number bound to the agent (To), in E.164. */
      number: string;
    };

export interface DialOrder {
  type: "dial";
  baseUrl: string;
  line: CallLine;
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
  /** Offer posted to answer received (phone: voice webhook to TwiML), milliseconds. */
  answerMs: number;
  /** Answer received to ICE/DTLS connected (phone: TwiML to the stream's socket open), ms. */
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
