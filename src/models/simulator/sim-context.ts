import type {
  RealtimeServerEvent,
  RealtimeSessionCreateRequest,
} from "openai/resources/realtime/realtime";
import type { IdMaker } from "./ids";

/** What the parts of one simulated session share. */
export interface SimContext {
  ids: IdMaker;
  /** Sends a server event; its `event_id` is stamped on the way out. */
  emit(event: RealtimeServerEvent): void;
  /** Sends an `invalid_request_error`, linked to the client event that caused it. */
  fail(code: string, message: string, eventId?: string, param?: string): void;
  /** The session settings in force. */
  settings(): RealtimeSessionCreateRequest;
  conversation: ConversationFacts;
}

/** Running facts about the conversation, for item ordering, replies and usage figures. */
export interface ConversationFacts {
  lastItemId: string | null;
  /** Characters of text in the conversation (instructions excluded). */
  textChars: number;
  /** Milliseconds of caller audio received. */
  inputAudioMs: number;
  lastTranscript: string | undefined;
}
