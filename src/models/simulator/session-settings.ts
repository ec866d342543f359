import type {
  RealtimeSessionCreateRequest,
  SessionUpdateEvent,
} from "openai/resources/realtime/realtime";
import type { VadConfig } from "./energy-vad";

/** What the simulator's session starts with: the real service's documented defaults. */
export function initialSession(model: string, voice: string): RealtimeSessionCreateRequest {
  return {
    type: "realtime",
    model,
    instructions: "",
    output_modalities: ["audio"],
    audio: {
      input: {
        format: { type: "audio/pcm", rate: 24000 },
        turn_detection: {
          type: "server_vad",
          threshold: 0.5,
          prefix_padding_ms: 300,
          silence_duration_ms: 500,
          idle_timeout_ms: null,
          create_response: true,
          interrupt_response: true,
        },
      },
      output: { format: { type: "audio/pcm", rate: 24000 }, voice, speed: 1 },
    },
    tools: [],
    tool_choice: "auto",
  };
}

/** Applies a `session.update`: top-level fields replace, `audio.input/output` merge. */
export function mergeSession(
  current: RealtimeSessionCreateRequest,
  update: SessionUpdateEvent["session"],
): RealtimeSessionCreateRequest {
  if (update.type !== "realtime") return current;
  return {
    ...current,
    ...update,
    audio: {
      input: { ...current.audio?.input, ...update.audio?.input },
      output: { ...current.audio?.output, ...update.audio?.output },
    },
  };
}

export interface TurnSettings {
  vad: VadConfig;
  createResponse: boolean;
  interruptResponse: boolean;
}

/** Silence before the end of a turn, by semantic_vad eagerness (the simulator's stand-in). */
const EAGERNESS_SILENCE_MS = { low: 1000, medium: 600, auto: 600, high: 300 } as const;

/** Turn detection in force, or null when it is off (the client commits by hand). */
export function turnSettings(session: RealtimeSessionCreateRequest): TurnSettings | null {
  const td = session.audio?.input?.turn_detection;
  if (!td) return null;
  if (td.type === "semantic_vad") {
    return {
      vad: {
        threshold: 0.5,
        prefixPaddingMs: 300,
        silenceDurationMs: EAGERNESS_SILENCE_MS[td.eagerness ?? "auto"],
        idleTimeoutMs: null,
      },
      createResponse: td.create_response ?? true,
      interruptResponse: td.interrupt_response ?? true,
    };
  }
  return {
    vad: {
      threshold: td.threshold ?? 0.5,
      prefixPaddingMs: td.prefix_padding_ms ?? 300,
      silenceDurationMs: td.silence_duration_ms ?? 500,
      idleTimeoutMs: td.idle_timeout_ms ?? null,
    },
    createResponse: td.create_response ?? true,
    interruptResponse: td.interrupt_response ?? true,
  };
}
