import type { RealtimeServerEvent } from "openai/resources/realtime/realtime";

/**
 * Server events the leg acts on, with the fields each one must carry. A message of one of these
 * types that lacks a field is reported as malformed rather than trusted.
 */
const REQUIRED_FIELDS = {
  "session.created": ["session"],
  "session.updated": ["session"],
  error: ["error"],
  "input_audio_buffer.speech_started": ["item_id", "audio_start_ms"],
  "input_audio_buffer.speech_stopped": ["item_id", "audio_end_ms"],
  "input_audio_buffer.committed": ["item_id"],
  "input_audio_buffer.cleared": [],
  "input_audio_buffer.timeout_triggered": ["item_id"],
  "conversation.item.added": ["item"],
  "conversation.item.done": ["item"],
  "conversation.item.truncated": ["item_id", "audio_end_ms"],
  "conversation.item.input_audio_transcription.delta": ["item_id"],
  "conversation.item.input_audio_transcription.completed": ["item_id", "transcript"],
  "conversation.item.input_audio_transcription.failed": ["item_id", "error"],
  "response.created": ["response"],
  "response.done": ["response"],
  "response.output_item.added": ["item", "response_id"],
  "response.output_item.done": ["item", "response_id"],
  "response.content_part.added": ["item_id", "response_id"],
  "response.content_part.done": ["item_id", "response_id"],
  "response.output_audio.delta": ["item_id", "response_id", "delta"],
  "response.output_audio.done": ["item_id", "response_id"],
  "response.output_audio_transcript.delta": ["item_id", "response_id", "delta"],
  "response.output_audio_transcript.done": ["item_id", "response_id", "transcript"],
  "response.output_text.delta": ["item_id", "response_id", "delta"],
  "response.output_text.done": ["item_id", "response_id", "text"],
  "response.function_call_arguments.delta": ["call_id", "delta"],
  "response.function_call_arguments.done": ["call_id", "name", "arguments", "item_id"],
  "rate_limits.updated": ["rate_limits"],
} as const satisfies Partial<Record<RealtimeServerEvent["type"], readonly string[]>>;

export type KnownServerEventType = keyof typeof REQUIRED_FIELDS;

/** A message we do not act on (or could not read): kept for logging, never thrown. */
export interface UnhandledServerEvent {
  type: "unhandled";
  /** The wire `type`, or "" when there was none. */
  wireType: string;
  /** Why it is unhandled: an event type we ignore, or a message we could not read. */
  why: "unknown_type" | "malformed";
  detail?: string;
}

/** Every server event, closed: switch on `type` and end in `never`. */
export type ServerEvent =
  | Extract<RealtimeServerEvent, { type: KnownServerEventType }>
  | UnhandledServerEvent;

function isKnownType(type: string): type is KnownServerEventType {
  return Object.hasOwn(REQUIRED_FIELDS, type);
}

/** Parses one WebSocket text message. Never throws. */
export function parseServerEvent(text: string): ServerEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { type: "unhandled", wireType: "", why: "malformed", detail: "not JSON" };
  }
  if (typeof raw !== "object" || raw === null) {
    return { type: "unhandled", wireType: "", why: "malformed", detail: "not an object" };
  }
  const record = raw as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== "string") {
    return { type: "unhandled", wireType: "", why: "malformed", detail: "no type" };
  }
  if (!isKnownType(type)) return { type: "unhandled", wireType: type, why: "unknown_type" };
  const missing = REQUIRED_FIELDS[type].filter((field) => record[field] === undefined);
  if (missing.length > 0) {
    return { type: "unhandled", wireType: type, why: "malformed", detail: `missing ${missing}` };
  }
  return raw as ServerEvent;
}
