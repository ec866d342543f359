import type { AgentConfig } from "../domain/agent-config";
import { DomainError } from "../domain/errors";
import type { Logger } from "../log/logger";
import { createGeminiModelLeg } from "../models/gemini/create-gemini-model-leg";
import type { ModelLeg } from "../models/model-leg";
import { createOpenAIModelLeg } from "../models/openai/create-openai-model-leg";

export interface ModelEndpoint {
  baseUrl: string;
  apiKey: string;
}

/** Where each provider's legs connect; null: the gateway cannot serve that provider. */
export interface ModelEndpoints {
  openai: ModelEndpoint;
  gemini: ModelEndpoint | null;
}

/**
 * The model leg for an agent version's `model.provider`. A Gemini agent on a gateway without
 * Gemini is refused when a call is started, before anything is opened.
 */
export function modelLegFactory(
  endpoints: ModelEndpoints,
  options: {
    logger?: Logger;
    connectTimeoutMs?: number;
    /** Caller audio per `input_audio_buffer.append` (OpenAI only; MODEL_AUDIO_APPEND_MS). */
    appendMs?: number;
  } = {},
): (config: AgentConfig) => ModelLeg {
  const { appendMs, ...common } = options;
  const check = modelProviderCheck(endpoints);
  return (config) => {
    check(config);
    if (config.model.provider !== "gemini" || !endpoints.gemini)
      return createOpenAIModelLeg({
        ...endpoints.openai,
        ...common,
        ...(appendMs !== undefined && { appendMs }),
      });
    return createGeminiModelLeg({ ...endpoints.gemini, ...common });
  };
}

/** Refuses an agent whose provider this gateway cannot reach, before anything is opened. */
export function modelProviderCheck(endpoints: ModelEndpoints): (config: AgentConfig) => void {
  return (config) => {
    if (config.model.provider === "gemini" && !endpoints.gemini)
      throw new DomainError(
        "invalid",
        "this agent runs on model.provider gemini, and the gateway has no GEMINI_API_KEY",
      );
  };
}
