import type {
  ActivityHandling,
  EndSensitivity,
  Modality,
  RealtimeInputConfig,
  StartSensitivity,
} from "@google/genai";
import type { ModelSettings, TurnDetectionSettings } from "../model-settings";
import type { GeminiSetup } from "./wire";

/**
 * The `setup` message for `settings`: model, system instruction, voice, tools as function
 * declarations, both transcriptions, automatic activity detection with barge-in, and session
 * resumption (`handle` continues an earlier session's conversation). Enum values are written as
 * their wire strings so only the package's types are needed, not its runtime.
 */
export function setupMessage(settings: ModelSettings, handle?: string): GeminiSetup {
  return {
    model: settings.model.startsWith("models/") ? settings.model : `models/${settings.model}`,
    generationConfig: {
      responseModalities: ["AUDIO" as Modality],
      speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: settings.voice } } },
    },
    systemInstruction: { parts: [{ text: settings.instructions }] },
    ...(settings.tools.length > 0 && {
      tools: [
        {
          functionDeclarations: settings.tools.map((tool) => ({
            name: tool.name,
            description: tool.description,
            parametersJsonSchema: tool.parameters,
          })),
        },
      ],
    }),
    realtimeInputConfig: realtimeInput(settings.turnDetection),
    inputAudioTranscription: {},
    outputAudioTranscription: {},
    // Without compression an audio session ends after 15 minutes.
    contextWindowCompression: { slidingWindow: {} },
    sessionResumption: handle ? { handle } : {},
  };
}

function realtimeInput(td: TurnDetectionSettings): RealtimeInputConfig {
  if (td.type !== "server_vad") {
    // Agent configs on gemini only allow server_vad; "none" leaves turns to the client.
    return { automaticActivityDetection: { disabled: td.type === "none" } };
  }
  // OpenAI's threshold: higher needs louder speech, i.e. a less sensitive start of speech.
  const start = td.threshold > 0.5 ? "START_SENSITIVITY_LOW" : "START_SENSITIVITY_HIGH";
  return {
    automaticActivityDetection: {
      disabled: false,
      startOfSpeechSensitivity: start as StartSensitivity,
      endOfSpeechSensitivity: "END_SENSITIVITY_HIGH" as EndSensitivity,
      prefixPaddingMs: td.prefixPaddingMs,
      silenceDurationMs: td.silenceDurationMs,
    },
    activityHandling: (td.interruptResponse
      ? "START_OF_ACTIVITY_INTERRUPTS"
      : "NO_INTERRUPTION") as ActivityHandling,
  };
}
