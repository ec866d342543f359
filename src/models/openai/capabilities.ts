import type { ModelCapabilities } from "../model-leg";
import type { ModelSettings } from "../model-settings";

/** OpenAI Realtime's sessions last at most 60 minutes. */
export const OPENAI_SESSION_LIMIT_MS = 60 * 60_000;

/** What the OpenAI Realtime leg can do with `settings` (turn detection decides part of it). */
export function openAICapabilities(settings: ModelSettings | null): ModelCapabilities {
  const td = settings?.turnDetection ?? { type: "none" };
  return {
    serverTurnDetection: td.type !== "none",
    truncation: true,
    serverInterruptsOnSpeech: td.type !== "none" && td.interruptResponse,
    inputTranscription: settings?.transcription !== undefined,
    needsResponseAfterToolResult: true,
    maxSessionMs: OPENAI_SESSION_LIMIT_MS,
  };
}
