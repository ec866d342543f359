import type { AgentConfig } from "../domain/agent-config";
import type { ModelSettings, ToolSpec, TurnDetectionSettings } from "../models/model-settings";
import { buildInstructions, type CallContext } from "../prompts/instructions";

/** The model session a published agent version asks for. */
export function modelSettingsFor(
  config: AgentConfig,
  call: CallContext,
  tools: ToolSpec[],
): ModelSettings {
  return {
    model: config.model.name,
    instructions: buildInstructions(config, call),
    voice: config.voice.name,
    speed: config.voice.speed,
    transcription: {
      model: config.model.transcriptionModel,
      ...(config.language.mode === "fixed" ? { language: config.language.primary } : {}),
      logprobs: true,
    },
    ...(config.model.noiseReduction ? { noiseReduction: config.model.noiseReduction } : {}),
    turnDetection: turnDetectionFor(config),
    tools,
  };
}

function turnDetectionFor(config: AgentConfig): TurnDetectionSettings {
  const td = config.turnDetection;
  if (td.type === "semantic_vad") {
    return {
      type: "semantic_vad",
      eagerness: td.eagerness,
      createResponse: true,
      interruptResponse: td.interruptResponse,
    };
  }
  return {
    type: "server_vad",
    threshold: td.threshold,
    prefixPaddingMs: td.prefixPaddingMs,
    silenceDurationMs: td.silenceDurationMs,
    ...(td.idleTimeoutMs ? { idleTimeoutMs: td.idleTimeoutMs } : {}),
    createResponse: true,
    interruptResponse: td.interruptResponse,
  };
}
