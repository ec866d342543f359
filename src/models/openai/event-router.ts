import type { TypedEmitter } from "../../events/typed-emitter";
import type { Logger } from "../../log/logger";
import type { ModelLegEvents } from "../model-leg";
import type { ModelUsage } from "../usage";
import type { ConversationMemory } from "./conversation-memory";
import { pcmFromBase64 } from "./pcm-base64";
import type { ResponseSequencer } from "./response-sequencer";
import type { ServerEvent } from "./server-events";
import type { TruncationBook } from "./truncation-book";
import { modelErrorFromWire } from "./wire-errors";
import { usageFromWire } from "./wire-usage";

/** What the router updates besides emitting leg events. */
export interface RouterContext {
  events: TypedEmitter<ModelLegEvents>;
  sequencer: ResponseSequencer;
  book: TruncationBook;
  memory: ConversationMemory;
  log: Logger;
  recordUsage(usage: ModelUsage): void;
  /** The caller started or stopped speaking (rotation waits for a quiet moment). */
  setCallerSpeaking(speaking: boolean): void;
}

/** Turns one server event of the current session into leg events and bookkeeping. */
export function routeServerEvent(event: ServerEvent, ctx: RouterContext): void {
  const { events } = ctx;
  switch (event.type) {
    case "response.output_audio.delta": {
      const pcm = pcmFromBase64(event.delta);
      ctx.book.recordAudio(event.item_id, pcm.length);
      events.emit("audio", { pcm, itemId: event.item_id, responseId: event.response_id });
      return;
    }
    case "response.output_audio.done":
      events.emit("audioDone", { itemId: event.item_id, responseId: event.response_id });
      return;
    case "input_audio_buffer.speech_started":
      ctx.setCallerSpeaking(true);
      events.emit("speechStarted", { itemId: event.item_id, audioStartMs: event.audio_start_ms });
      return;
    case "input_audio_buffer.speech_stopped":
      ctx.setCallerSpeaking(false);
      events.emit("speechStopped", { itemId: event.item_id, audioEndMs: event.audio_end_ms });
      return;
    case "input_audio_buffer.committed":
      ctx.memory.userItem(event.item_id);
      events.emit("inputCommitted", { itemId: event.item_id });
      return;
    case "input_audio_buffer.timeout_triggered":
      events.emit("idleTimeout", { itemId: event.item_id });
      return;
    case "conversation.item.input_audio_transcription.delta":
      events.emit("userTranscript", {
        kind: "delta",
        itemId: event.item_id,
        text: event.delta ?? "",
        ...(event.logprobs && { logprobs: event.logprobs.map(toLogprob) }),
      });
      return;
    case "conversation.item.input_audio_transcription.completed":
      ctx.memory.userTranscript(event.item_id, event.transcript);
      events.emit("userTranscript", {
        kind: "completed",
        itemId: event.item_id,
        text: event.transcript,
        ...(event.logprobs && { logprobs: event.logprobs.map(toLogprob) }),
      });
      return;
    case "conversation.item.input_audio_transcription.failed":
      events.emit("error", {
        category: "server",
        recoverable: true,
        message: `transcription failed: ${event.error.message ?? "unknown reason"}`,
        ...(event.error.code && { code: event.error.code }),
      });
      return;
    case "response.output_item.added":
      if (event.item.type === "message" && event.item.id) ctx.memory.assistantItem(event.item.id);
      return;
    case "response.output_audio_transcript.delta":
      ctx.memory.assistantText(event.item_id, event.delta, "append");
      events.emit("assistantTranscriptDelta", {
        itemId: event.item_id,
        responseId: event.response_id,
        delta: event.delta,
      });
      return;
    case "response.output_audio_transcript.done":
      ctx.memory.assistantText(event.item_id, event.transcript, "replace");
      events.emit("assistantTranscriptDone", {
        itemId: event.item_id,
        responseId: event.response_id,
        transcript: event.transcript,
      });
      return;
    case "response.function_call_arguments.done":
      ctx.memory.functionCall(event.item_id, event.call_id, event.name, event.arguments);
      events.emit("toolCall", {
        callId: event.call_id,
        name: event.name,
        argumentsJson: event.arguments,
        itemId: event.item_id,
      });
      return;
    case "response.created":
      ctx.sequencer.onCreated(event.response.id ?? "");
      events.emit("responseCreated", { responseId: event.response.id ?? "" });
      return;
    case "response.done": {
      const usage = usageFromWire(event.response.usage);
      ctx.recordUsage(usage);
      events.emit("responseDone", {
        responseId: event.response.id ?? "",
        status: finalStatus(event.response.status),
        usage,
      });
      const failure = event.response.status_details?.error;
      if (event.response.status === "failed") {
        events.emit("error", {
          category: "server",
          recoverable: true,
          message: `response failed: ${failure?.type ?? "unknown"}`,
          ...(failure?.code && { code: failure.code }),
        });
      }
      ctx.sequencer.onDone(); // after the events, so listeners see the finished response first
      return;
    }
    case "conversation.item.truncated":
      events.emit("truncated", { itemId: event.item_id, audioEndMs: event.audio_end_ms });
      return;
    case "error": {
      const code = event.error.code ?? undefined;
      if (ctx.sequencer.onError(event.error.event_id ?? undefined, code)) {
        ctx.log.debug("model: response.create rejected and handled", { code });
        if (code === "conversation_already_has_active_response") return; // queued again
      }
      events.emit("error", modelErrorFromWire(event.error));
      return;
    }
    case "unhandled":
      if (event.why === "malformed") ctx.log.warn("model: malformed server event", { ...event });
      else ctx.log.debug("model: server event not handled", { wireType: event.wireType });
      return;
    case "session.created":
    case "session.updated":
    case "input_audio_buffer.cleared":
    case "conversation.item.added":
    case "conversation.item.done":
    case "response.output_item.done":
    case "response.content_part.added":
    case "response.content_part.done":
    case "response.output_text.delta":
    case "response.output_text.done":
    case "response.function_call_arguments.delta":
    case "rate_limits.updated":
      return; // nothing the call needs beyond what the events above carry
    default:
      assertNever(event);
  }
}

function toLogprob(p: { token: string; logprob: number }) {
  return { token: p.token, logprob: p.logprob };
}

function finalStatus(status: string | undefined): ModelLegEvents["responseDone"][0]["status"] {
  switch (status) {
    case "cancelled":
    case "failed":
    case "incomplete":
      return status;
    default:
      return "completed";
  }
}

function assertNever(value: never): never {
  throw new Error(`unrouted server event: ${JSON.stringify(value)}`);
}
