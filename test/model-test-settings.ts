import type { ModelSettings } from "../src/models/model-settings";

/** Settings as a published agent version would give them, for model tests. */
export function testSettings(overrides: Partial<ModelSettings> = {}): ModelSettings {
  return {
    model: "gpt-realtime",
    instructions: "You are the front desk of a small restaurant. Answer briefly and kindly.",
    voice: "marin",
    transcription: { model: "gpt-4o-transcribe", language: "en" },
    turnDetection: {
      type: "server_vad",
      threshold: 0.5,
      prefixPaddingMs: 300,
      silenceDurationMs: 500,
      createResponse: true,
      interruptResponse: true,
    },
    tools: [],
    ...overrides,
  };
}
