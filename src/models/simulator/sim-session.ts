import type {
  ConversationItem,
  RealtimeClientEvent,
  RealtimeError,
  RealtimeServerEvent,
  RealtimeSessionCreateRequest,
  SessionUpdateEvent,
} from "openai/resources/realtime/realtime";
import { AudioIn, formatProblem } from "./audio-formats";
import type { IdMaker } from "./ids";
import { Responder } from "./responder";
import type { Pacing } from "./response-run";
import type { SimulatorScript } from "./script";
import { initialSession, mergeSession, turnSettings } from "./session-settings";
import type { SimContext } from "./sim-context";
import { TurnTaking } from "./turn-taking";
import type { VoiceLines } from "./voice-lines";

export interface SimSessionDeps {
  ids: IdMaker;
  lines: VoiceLines;
  script: SimulatorScript;
  pacing: Pacing;
  model: string;
  send: (event: RealtimeServerEvent) => void;
}

/**
 * One simulated realtime session (one WebSocket), free of any transport: client events in,
 * GA server events out through `deps.send`. It dispatches client events and keeps the session
 * settings; `TurnTaking` handles the caller's audio and `Responder` the model's replies.
 */
export class SimSession {
  readonly id: string;
  private session: RealtimeSessionCreateRequest;
  private readonly ctx: SimContext;
  private readonly responder: Responder;
  private readonly turns: TurnTaking;
  private audioIn = new AudioIn(undefined);

  constructor(private readonly deps: SimSessionDeps) {
    this.id = deps.ids.next("sess");
    this.session = initialSession(deps.model, "alloy");
    this.ctx = {
      ids: deps.ids,
      emit: (event) => this.emit(event),
      fail: (code, message, eventId, param) => this.fail(code, message, eventId, param),
      settings: () => this.session,
      conversation: { lastItemId: null, textChars: 0, inputAudioMs: 0, lastTranscript: undefined },
    };
    this.responder = new Responder(this.ctx, {
      lines: deps.lines,
      script: deps.script,
      pacing: deps.pacing,
      onSpeechDone: () => this.turns.agentDone(),
    });
    this.turns = new TurnTaking(this.ctx, this.responder, deps.script);
    this.turns.configure(turnSettings(this.session));
  }

  start(): void {
    this.emit({ type: "session.created", event_id: "", session: this.describe() });
  }

  close(): void {
    this.responder.cancel("client_cancelled");
    this.audioIn.dispose();
  }

  /** Sends an `error` event as if the service had hit one (fault injection). */
  injectError(error: RealtimeError): void {
    this.emit({ type: "error", event_id: "", error });
  }

  /** Handles one client message (JSON text). */
  receive(text: string): void {
    let event: RealtimeClientEvent;
    try {
      event = JSON.parse(text) as RealtimeClientEvent;
    } catch {
      this.fail("invalid_json", "The message could not be parsed as JSON.");
      return;
    }
    this.dispatch(event);
  }

  private dispatch(event: RealtimeClientEvent): void {
    const eventId = event.event_id;
    switch (event.type) {
      case "session.update":
        this.updateSession(event.session, eventId);
        break;
      case "input_audio_buffer.append":
        this.turns.append(this.audioIn.toPcm24k(event.audio));
        break;
      case "input_audio_buffer.commit":
        this.turns.commitByHand(eventId);
        break;
      case "input_audio_buffer.clear":
        this.turns.clear();
        break;
      case "conversation.item.create":
        this.addItem(event.item, event.previous_item_id);
        break;
      case "conversation.item.truncate":
        this.truncate(event.item_id, event.content_index, event.audio_end_ms, eventId);
        break;
      case "response.create": {
        const active = this.responder.active;
        if (active) {
          this.fail(
            "conversation_already_has_active_response",
            `Conversation already has an active response in progress: ${active.id}. Wait until the response is finished before creating a new one.`,
            eventId,
          );
          break;
        }
        const trigger = this.responder.toolResultReady ? "tool_result" : "client";
        this.responder.start(trigger, event.response?.instructions);
        break;
      }
      case "response.cancel":
        if (this.responder.active) this.responder.cancel("client_cancelled");
        else
          this.fail(
            "response_cancel_not_active",
            "Cancellation failed: no active response found.",
            eventId,
          );
        break;
      default:
        this.fail(
          "unknown_event_type",
          `Unsupported event type: '${event.type}'.`,
          eventId,
          "type",
        );
    }
  }

  private updateSession(update: SessionUpdateEvent["session"], eventId?: string): void {
    if (update.type !== "realtime") {
      this.fail(
        "missing_required_parameter",
        "Missing required parameter: 'session.type'.",
        eventId,
        "session.type",
      );
      return;
    }
    const voice = update.audio?.output?.voice;
    const spoke = this.responder.assistantAudio.size > 0;
    if (voice !== undefined && voice !== this.session.audio?.output?.voice && spoke) {
      this.fail(
        "cannot_update_voice",
        "Cannot update a conversation's voice if assistant audio is present.",
        eventId,
        "session.audio.output.voice",
      );
      return;
    }
    const problem =
      formatProblem(update.audio?.input?.format, "session.audio.input.format") ??
      formatProblem(update.audio?.output?.format, "session.audio.output.format");
    if (problem) {
      this.fail("invalid_value", problem.message, eventId, problem.param);
      return;
    }
    this.session = mergeSession(this.session, update);
    this.turns.configure(turnSettings(this.session));
    const input = this.session.audio?.input?.format;
    if ((input?.type ?? "audio/pcm") !== this.audioIn.type) {
      this.audioIn.dispose();
      this.audioIn = new AudioIn(input);
    }
    this.emit({ type: "session.updated", event_id: "", session: this.describe() });
  }

  private addItem(item: ConversationItem, previousItemId?: string): void {
    const withId = { ...item, id: item.id ?? this.deps.ids.next("item") } as ConversationItem;
    const facts = this.ctx.conversation;
    if (withId.type === "function_call_output") this.responder.noteToolOutput(withId.call_id);
    if (withId.type === "message") {
      for (const part of withId.content)
        facts.textChars += (part as { text?: string }).text?.length ?? 0;
    }
    const previous = previousItemId ?? facts.lastItemId;
    this.emit({
      type: "conversation.item.added",
      event_id: "",
      previous_item_id: previous,
      item: withId,
    });
    this.emit({
      type: "conversation.item.done",
      event_id: "",
      previous_item_id: previous,
      item: withId,
    });
    facts.lastItemId = withId.id ?? facts.lastItemId;
  }

  private truncate(
    itemId: string,
    contentIndex: number,
    audioEndMs: number,
    eventId?: string,
  ): void {
    const audioMs = this.responder.assistantAudio.get(itemId);
    if (audioMs === undefined) {
      this.fail(
        "invalid_value",
        `Item '${itemId}' has no assistant audio to truncate.`,
        eventId,
        "item_id",
      );
      return;
    }
    const sentMs = Math.floor(audioMs);
    if (audioEndMs > sentMs) {
      this.fail(
        "invalid_value",
        `Audio content of ${sentMs}ms is already shorter than ${audioEndMs}ms`,
        eventId,
        "audio_end_ms",
      );
      return;
    }
    this.emit({
      type: "conversation.item.truncated",
      event_id: "",
      item_id: itemId,
      content_index: contentIndex,
      audio_end_ms: audioEndMs,
    });
  }

  private describe(): RealtimeSessionCreateRequest {
    // The real service adds id and object to the session it describes.
    return {
      ...this.session,
      id: this.id,
      object: "realtime.session",
    } as RealtimeSessionCreateRequest;
  }

  private fail(code: string, message: string, eventId?: string, param?: string): void {
    const error: RealtimeError = {
      type: "invalid_request_error",
      code,
      message,
      event_id: eventId ?? null,
      param: param ?? null,
    };
    this.emit({ type: "error", event_id: "", error });
  }

  /** Every event gets its event id here. */
  private emit(event: RealtimeServerEvent): void {
    this.deps.send({ ...event, event_id: this.deps.ids.next("event") } as RealtimeServerEvent);
  }
}
