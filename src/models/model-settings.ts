/**
 * Provider-neutral settings of one model session, filled from the published agent version.
 * Each provider maps them to its own wire shape (OpenAI: `openai/session-config.ts`).
 */

/** The only audio format a model leg speaks: 16-bit little-endian PCM, mono, 24 kHz. */
export interface Pcm16At24k {
  encoding: "pcm16";
  sampleRateHz: 24000;
}
export const PCM16_24K: Pcm16At24k = { encoding: "pcm16", sampleRateHz: 24000 };

export interface ServerVadSettings {
  type: "server_vad";
  /** Activation threshold 0..1 (OpenAI default 0.5; higher needs louder speech). */
  threshold: number;
  prefixPaddingMs: number;
  silenceDurationMs: number;
  /** After this long without caller speech once the agent finished, the model is nudged. */
  idleTimeoutMs?: number;
  createResponse: boolean;
  interruptResponse: boolean;
}

export interface SemanticVadSettings {
  type: "semantic_vad";
  eagerness: "low" | "medium" | "high" | "auto";
  createResponse: boolean;
  interruptResponse: boolean;
}

export type TurnDetectionSettings = ServerVadSettings | SemanticVadSettings | { type: "none" };

export interface TranscriptionSettings {
  model: string;
  language?: string;
  prompt?: string;
  /** Ask for token log-probabilities (gpt-4o-transcribe family), e.g. for a confidence score. */
  logprobs?: boolean;
}

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

export type ToolChoice = "auto" | "none" | "required" | { function: string };

export interface ModelSettings {
  /** Model name, e.g. "gpt-realtime"; selects the model at connect time. */
  model: string;
  instructions: string;
  voice: string;
  /** Speaking speed 0.25..1.5 (1 is normal). */
  speed?: number;
  transcription?: TranscriptionSettings;
  noiseReduction?: "near_field" | "far_field";
  turnDetection: TurnDetectionSettings;
  tools: ToolSpec[];
  toolChoice?: ToolChoice;
  inputAudioFormat?: Pcm16At24k;
  outputAudioFormat?: Pcm16At24k;
}

/** Settings for a response the client asks for (a greeting, a reply after a tool result). */
export interface ResponseOptions {
  /** Instructions for this response only (e.g. "Greet the caller"). */
  instructions?: string;
  toolChoice?: ToolChoice;
  /** Free-form tags echoed back on the response (provider permitting). */
  metadata?: Record<string, string>;
}
