import type {
  RealtimeAudioInputTurnDetection,
  RealtimeResponseCreateParams,
  RealtimeSessionCreateRequest,
  RealtimeToolChoiceConfig,
  ResponseCreateEvent,
  SessionUpdateEvent,
} from "openai/resources/realtime/realtime";
import type {
  ModelSettings,
  ResponseOptions,
  ToolChoice,
  TurnDetectionSettings,
} from "../model-settings";

const PCM_24K = { type: "audio/pcm", rate: 24000 } as const;

/**
 * The GA `session.update` for `settings`. The voice cannot change once the model has spoken,
 * so later updates leave it out unless it really changes (`includeVoice`).
 */
export function sessionUpdateEvent(
  settings: ModelSettings,
  options: { includeVoice: boolean } = { includeVoice: true },
): SessionUpdateEvent {
  const session: RealtimeSessionCreateRequest = {
    type: "realtime",
    instructions: settings.instructions,
    output_modalities: ["audio"],
    audio: {
      input: {
        format: PCM_24K,
        turn_detection: turnDetection(settings.turnDetection),
        ...(settings.transcription && {
          transcription: {
            model: settings.transcription.model,
            ...(settings.transcription.language && { language: settings.transcription.language }),
            ...(settings.transcription.prompt && { prompt: settings.transcription.prompt }),
          },
        }),
        ...(settings.noiseReduction && { noise_reduction: { type: settings.noiseReduction } }),
      },
      output: {
        format: PCM_24K,
        ...(options.includeVoice && { voice: settings.voice }),
        ...(settings.speed !== undefined && { speed: settings.speed }),
      },
    },
    tools: settings.tools.map((tool) => ({
      type: "function",
      name: tool.name,
      description: tool.description,
      parameters: tool.parameters,
    })),
    tool_choice: toolChoice(settings.toolChoice ?? "auto"),
    ...(settings.transcription?.logprobs && {
      include: ["item.input_audio_transcription.logprobs"],
    }),
  };
  return { type: "session.update", session };
}

function turnDetection(td: TurnDetectionSettings): RealtimeAudioInputTurnDetection | null {
  switch (td.type) {
    case "server_vad":
      return {
        type: "server_vad",
        threshold: td.threshold,
        prefix_padding_ms: td.prefixPaddingMs,
        silence_duration_ms: td.silenceDurationMs,
        ...(td.idleTimeoutMs !== undefined && { idle_timeout_ms: td.idleTimeoutMs }),
        create_response: td.createResponse,
        interrupt_response: td.interruptResponse,
      };
    case "semantic_vad":
      return {
        type: "semantic_vad",
        eagerness: td.eagerness,
        create_response: td.createResponse,
        interrupt_response: td.interruptResponse,
      };
    case "none":
      return null;
  }
}

function toolChoice(choice: ToolChoice): RealtimeToolChoiceConfig {
  return typeof choice === "string" ? choice : { type: "function", name: choice.function };
}

/** A `response.create`, with a client event id so a rejection can be matched to it. */
export function responseCreateEvent(
  eventId: string,
  options: ResponseOptions,
): ResponseCreateEvent {
  const response: RealtimeResponseCreateParams = {
    ...(options.instructions !== undefined && { instructions: options.instructions }),
    ...(options.toolChoice !== undefined && { tool_choice: toolChoice(options.toolChoice) }),
    ...(options.metadata !== undefined && { metadata: options.metadata }),
  };
  return {
    type: "response.create",
    event_id: eventId,
    ...(Object.keys(response).length > 0 && { response }),
  };
}
