import type { ModelSettings, ResponseOptions } from "./model-settings";
import type { ModelUsage } from "./usage";

/**
 * The model side of a call: one realtime speech model session (which may span several provider
 * sessions: rotation at the provider's time limit, reconnects after a dropped socket).
 * Audio in and out is PCM16 mono 24 kHz. Errors inside a call are data (`error` events);
 * only `connect` rejects, when no session could be opened at all.
 */
export interface ModelLeg {
  readonly capabilities: ModelCapabilities;
  readonly state: ModelConnectionState;
  /** Usage summed over every response so far, across rotations and reconnects. */
  readonly usage: ModelUsage;

  on<K extends keyof ModelLegEvents>(
    event: K,
    listener: (...args: ModelLegEvents[K]) => void,
  ): () => void;

  /**
   * Opens the session and applies `settings`. Resolves once the provider acknowledged the
   * session; rejects with `ModelConnectError` on timeout, refusal or abort. Aborting `signal`
   * later closes the leg.
   */
  connect(settings: ModelSettings, signal?: AbortSignal): Promise<void>;
  /** Caller audio, PCM16 mono 24 kHz, any length (10 or 20 ms frames are typical). */
  sendAudio(pcm: Int16Array): void;
  /** Ends the caller's turn by hand (only needed without server turn detection). */
  commitAudio(): void;
  clearAudio(): void;
  /**
   * Stops the agent: cancels the active response (unless the provider already does on barge-in)
   * and, when `played` is given, truncates that assistant item to what the caller heard,
   * clamped to the audio received. Returns the milliseconds actually truncated to, or null when
   * no truncation was sent (unknown item, or no audio of it received yet).
   */
  interrupt(options: InterruptOptions): number | null;
  /** Truncates an assistant item (clamped as above) without cancelling anything. */
  truncate(itemId: string, audioEndMs: number): number | null;
  /** Merges `patch` into the settings and sends them (voice only when it changes). */
  updateSession(patch: Partial<ModelSettings>): void;
  /**
   * Adds a system note to the conversation (passages found for the caller's last words); the
   * next response sees it. Notes are for the turn at hand: a rotated session does not get them.
   */
  addContext(text: string): void;
  /** Asks for a response; queued while another response is active, sent when it is done. */
  createResponse(options?: ResponseOptions): void;
  /**
   * Gives the model a tool's output; by default then asks for a response (queued as above;
   * results that arrive while one request already waits share it).
   */
  sendToolResult(callId: string, output: string, options?: { createResponse?: boolean }): void;
  /** Closes the session for good. Idempotent. */
  close(reason?: string): Promise<void>;
}

export interface InterruptOptions {
  /** Why: a caller barge-in (the provider may already have cancelled) or the gateway's own. */
  reason: "barge_in" | "client";
  /** The assistant item being played and how much of it the caller actually heard. */
  played?: { itemId: string; audioEndMs: number };
}

/** What a provider can do; the call session branches on these, never on provider names. */
export interface ModelCapabilities {
  /** The provider detects turns from the audio (speech started/stopped events). */
  serverTurnDetection: boolean;
  /** Assistant audio can be truncated to what the caller heard. */
  truncation: boolean;
  /** The provider cancels its own response when the caller starts speaking (interrupt_response). */
  serverInterruptsOnSpeech: boolean;
  /** Transcripts of the caller's speech are produced. */
  inputTranscription: boolean;
  /** The provider needs an explicit response request after a tool result. */
  needsResponseAfterToolResult: boolean;
  /** Longest provider session before the leg rotates to a new one (ms). */
  maxSessionMs: number;
}

export type ModelConnectionState =
  | { status: "idle" }
  | { status: "connecting"; attempt: number }
  | { status: "connected"; sessionId: string; sessionNumber: number }
  | { status: "reconnecting"; attempt: number; delayMs: number; cause: string }
  | { status: "closed"; reason: string; error?: ModelError };

export type ModelErrorCategory =
  | "connection"
  | "timeout"
  | "auth"
  | "rate_limit"
  | "invalid_request"
  | "server"
  | "protocol";

/** An error inside a call: data for the call session to log, show or act on. */
export interface ModelError {
  category: ModelErrorCategory;
  /** True when the session goes on (or is being restored) despite the error. */
  recoverable: boolean;
  message: string;
  /** Provider error code, e.g. "invalid_value". */
  code?: string;
  /** Provider event id of the client event that caused it. */
  eventId?: string;
}

export class ModelConnectError extends Error {
  constructor(
    message: string,
    readonly category: ModelErrorCategory,
  ) {
    super(message);
    this.name = "ModelConnectError";
  }
}

export type SessionRotationReason =
  /** The leg's own timer, ahead of the provider's session limit. */
  | "session_limit"
  /** The provider closed the session with "going away" (code 1001). */
  | "server_going_away"
  /** The socket dropped and a new session was opened. */
  | "reconnected";

export interface TokenLogprob {
  token: string;
  logprob: number;
}

export type ModelLegEvents = {
  /** Agent audio: PCM16 mono 24 kHz. */
  audio: [chunk: { pcm: Int16Array; itemId: string; responseId: string }];
  audioDone: [info: { itemId: string; responseId: string }];
  speechStarted: [info: { itemId: string; audioStartMs: number }];
  speechStopped: [info: { itemId: string; audioEndMs: number }];
  /** The caller's audio became a conversation item. */
  inputCommitted: [info: { itemId: string }];
  /** The caller stayed silent past the idle timeout; the model was nudged to speak. */
  idleTimeout: [info: { itemId: string }];
  userTranscript: [
    t: { kind: "delta" | "completed"; itemId: string; text: string; logprobs?: TokenLogprob[] },
  ];
  assistantTranscriptDelta: [t: { itemId: string; responseId: string; delta: string }];
  assistantTranscriptDone: [t: { itemId: string; responseId: string; transcript: string }];
  toolCall: [call: { callId: string; name: string; argumentsJson: string; itemId: string }];
  responseCreated: [info: { responseId: string }];
  responseDone: [
    info: {
      responseId: string;
      status: "completed" | "cancelled" | "failed" | "incomplete";
      /** Usage of this response alone; the running total is `leg.usage`. */
      usage: ModelUsage;
    },
  ];
  truncated: [info: { itemId: string; audioEndMs: number }];
  error: [error: ModelError];
  connectionState: [state: ModelConnectionState];
  sessionRotated: [
    info: { reason: SessionRotationReason; sessionNumber: number; reinjectedItems: number },
  ];
};
