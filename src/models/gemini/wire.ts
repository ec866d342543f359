/**
 * The Gemini Live (BidiGenerateContent) wire messages, as the `@google/genai` package types
 * them. Its `LiveServerMessage` is a class with getters; on the wire it is plain JSON.
 */
import type {
  FunctionCall,
  LiveClientMessage,
  LiveClientSetup,
  LiveServerMessage,
  UsageMetadata,
} from "@google/genai";

export type GeminiClientMessage = LiveClientMessage;
export type GeminiSetup = LiveClientSetup;
export type GeminiServerMessage = Omit<LiveServerMessage, "text" | "data">;
export type GeminiFunctionCall = FunctionCall;
export type GeminiUsage = UsageMetadata;

/** Caller audio goes to Gemini Live as 16 kHz PCM; its own audio comes back at 24 kHz. */
export const GEMINI_INPUT_MIME = "audio/pcm;rate=16000";
export const GEMINI_OUTPUT_RATE = 24000;

/** The WebSocket URL of BidiGenerateContent under a REST base URL (`http` becomes `ws`). */
export function geminiLiveUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const base = url.pathname.replace(/\/+$/, "");
  url.pathname = `${base}/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent`;
  return url.toString();
}

/** Parses one server message; null when it is not a JSON object. */
export function parseServerMessage(text: string): GeminiServerMessage | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as GeminiServerMessage)
      : null;
  } catch {
    return null;
  }
}
