import type { AgentConfig } from "../domain/agent-config";
import { modelNameOf } from "../domain/model-provider-rules";
import type {
  ModelSettings,
  ToolSpec,
  TranscriptionSettings,
  TurnDetectionSettings,
} from "../models/model-settings";
import type { CallContext } from "../prompts/call-context";
import { buildInstructions } from "../prompts/instructions";
import { startLanguage } from "../prompts/language-policy";
import { LANGUAGE_GUIDES } from "../prompts/languages";
import { type VariableValues, variablesFor } from "../prompts/variables";
import { voiceFor } from "../prompts/voices";

/**
 * The model session a call asks for. The prompt preview calls this too, so what it shows is what
 * a call with the same context sends.
 */
export function modelSettingsFor(
  config: AgentConfig,
  call: CallContext,
  tools: ToolSpec[],
  values: VariableValues = variablesFor(config, call),
  turns: { respondsAfterRetrieval?: boolean } = {},
): ModelSettings {
  const toolNames = new Set(tools.map((tool) => tool.name));
  return {
    model: modelNameOf(config),
    instructions: buildInstructions(config, call, toolNames, values),
    voice: voiceFor(config, call),
    speed: config.voice.speed,
    transcription: transcriptionFor(config, call),
    ...(config.model.noiseReduction ? { noiseReduction: config.model.noiseReduction } : {}),
    // With knowledge searched on each turn the gateway asks for each reply itself.
    turnDetection: turnDetectionFor(config, !turns.respondsAfterRetrieval),
    tools,
  };
}

/** A fixed language is named to the transcriber; an auto-switching agent lets it detect. */
function transcriptionFor(config: AgentConfig, call: CallContext): TranscriptionSettings {
  const base = { model: config.model.transcriptionModel, logprobs: true };
  if (config.language.mode !== "fixed") return base;
  const guide = LANGUAGE_GUIDES[startLanguage(config, call)];
  return {
    ...base,
    language: guide.transcriptionCode,
    ...(guide.transcriptionPrompt ? { prompt: guide.transcriptionPrompt } : {}),
  };
}

function turnDetectionFor(config: AgentConfig, createResponse: boolean): TurnDetectionSettings {
  const td = config.turnDetection;
  if (td.type === "semantic_vad") {
    return {
      type: "semantic_vad",
      eagerness: td.eagerness,
      createResponse,
      interruptResponse: td.interruptResponse,
    };
  }
  return {
    type: "server_vad",
    threshold: td.threshold,
    prefixPaddingMs: td.prefixPaddingMs,
    silenceDurationMs: td.silenceDurationMs,
    ...(td.idleTimeoutMs ? { idleTimeoutMs: td.idleTimeoutMs } : {}),
    createResponse,
    interruptResponse: td.interruptResponse,
  };
}
