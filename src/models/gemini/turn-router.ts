import type { TypedEmitter } from "../../events/typed-emitter";
import type { Logger } from "../../log/logger";
import type { ModelLegEvents } from "../model-leg";
import { pcmFromBase64 } from "../openai/pcm-base64";
import { emptyUsage, type ModelUsage } from "../usage";
import { usageFromGemini } from "./usage-from-wire";
import type { GeminiServerMessage, GeminiUsage } from "./wire";

interface OpenResponse {
  responseId: string;
  itemId: string;
  samples: number;
  transcript: string;
  audioDone: boolean;
  usage: GeminiUsage | null;
}

export interface TurnRouterContext {
  events: TypedEmitter<ModelLegEvents>;
  log: Logger;
  recordUsage(usage: ModelUsage): void;
  /** A function call's name by id, for its response later. */
  rememberCall(callId: string, name: string): void;
  /** A response finished; queued requests may go now. */
  responseFinished(): void;
}

/**
 * Turns one Gemini Live session's messages into the leg's events. Gemini has no item or response
 * ids, so a model turn becomes one response with one item, numbered here. The caller's turn has
 * no start/stop events either: it starts with its first transcript (or an `interrupted`, which is
 * Gemini's barge-in) and ends when the model starts answering.
 */
export class TurnRouter {
  private response: OpenResponse | null = null;
  private caller: { itemId: string; text: string } | null = null;
  private count = 0;
  private interruptedTurn = false;
  private inputMs = 0;

  constructor(
    private readonly ctx: TurnRouterContext,
    private readonly prefix: string,
  ) {}

  /** A model turn is running: requests for another wait until it completes. */
  get busy(): boolean {
    return this.response !== null;
  }

  get callerSpeaking(): boolean {
    return this.caller !== null;
  }

  /** Caller audio sent, in milliseconds since the session opened (the speech events' clock). */
  audioSent(ms: number): void {
    this.inputMs += ms;
  }

  route(message: GeminiServerMessage): void {
    const activity = message.voiceActivity?.voiceActivityType;
    if (activity === "ACTIVITY_START") this.callerStarts();
    if (activity === "ACTIVITY_END") this.callerStops();
    const content = message.serverContent;
    if (content?.interrupted) {
      this.interruptedTurn = true;
      this.callerStarts();
      this.finish("cancelled");
    }
    if (content?.inputTranscription?.text) {
      const caller = this.callerStarts();
      caller.text += content.inputTranscription.text;
      this.ctx.events.emit("userTranscript", {
        kind: "delta",
        itemId: caller.itemId,
        text: content.inputTranscription.text,
      });
    }
    for (const part of content?.modelTurn?.parts ?? []) {
      const data = part.inlineData;
      if (!data?.data || !data.mimeType?.startsWith("audio/pcm")) continue;
      const open = this.answering();
      const pcm = pcmFromBase64(data.data);
      open.samples += pcm.length;
      this.ctx.events.emit("audio", { pcm, itemId: open.itemId, responseId: open.responseId });
    }
    if (content?.outputTranscription?.text) {
      const open = this.answering();
      open.transcript += content.outputTranscription.text;
      this.ctx.events.emit("assistantTranscriptDelta", {
        itemId: open.itemId,
        responseId: open.responseId,
        delta: content.outputTranscription.text,
      });
    }
    if (message.toolCall?.functionCalls?.length) {
      const open = this.answering();
      message.toolCall.functionCalls.forEach((call, index) => {
        const callId = call.id ?? `${open.itemId}_call_${index}`;
        const name = call.name ?? "";
        this.ctx.rememberCall(callId, name);
        this.ctx.events.emit("toolCall", {
          callId,
          name,
          argumentsJson: JSON.stringify(call.args ?? {}),
          itemId: `${open.itemId}_call_${index}`,
        });
      });
      // The model now waits for the results; what it says after them is a new response.
      this.finish("completed");
    }
    if (message.toolCallCancellation?.ids?.length) {
      this.ctx.log.debug("model: tool calls cancelled by an interruption", {
        calls: message.toolCallCancellation.ids.length,
      });
    }
    if (message.usageMetadata) this.usage(message.usageMetadata);
    if (content?.generationComplete) this.audioDone();
    if (content?.turnComplete) {
      // An interrupted turn completes while the caller still talks; otherwise a turn the model
      // completed without a word still ends the caller's.
      if (!this.interruptedTurn) this.callerStops();
      this.interruptedTurn = false;
      this.finish("completed");
    }
  }

  /** The session went away: an unfinished turn ends as cancelled. */
  abandon(): void {
    this.finish("cancelled");
    this.caller = null;
  }

  private callerStarts(): { itemId: string; text: string } {
    if (this.caller) return this.caller;
    this.count += 1;
    this.caller = { itemId: `${this.prefix}_in_${this.count}`, text: "" };
    this.ctx.events.emit("speechStarted", {
      itemId: this.caller.itemId,
      audioStartMs: Math.round(this.inputMs),
    });
    return this.caller;
  }

  /** The caller's turn is over: committed, with its whole transcript. */
  private callerStops(): void {
    const caller = this.caller;
    if (!caller) return;
    this.caller = null;
    const { events } = this.ctx;
    events.emit("speechStopped", { itemId: caller.itemId, audioEndMs: Math.round(this.inputMs) });
    events.emit("inputCommitted", { itemId: caller.itemId });
    events.emit("userTranscript", { kind: "completed", itemId: caller.itemId, text: caller.text });
  }

  /** The model's turn, opened by the first thing it sends. */
  private answering(): OpenResponse {
    if (this.response) return this.response;
    this.callerStops();
    this.count += 1;
    this.response = {
      responseId: `${this.prefix}_resp_${this.count}`,
      itemId: `${this.prefix}_item_${this.count}`,
      samples: 0,
      transcript: "",
      audioDone: false,
      usage: null,
    };
    this.ctx.events.emit("responseCreated", { responseId: this.response.responseId });
    return this.response;
  }

  private usage(usage: GeminiUsage): void {
    // Counted with the turn it belongs to; one that comes on its own is counted at once.
    if (this.response) this.response.usage = usage;
    else this.ctx.recordUsage(usageFromGemini(usage, 0));
  }

  private audioDone(): void {
    const open = this.response;
    if (!open || open.audioDone || open.samples === 0) return;
    open.audioDone = true;
    this.ctx.events.emit("audioDone", { itemId: open.itemId, responseId: open.responseId });
  }

  private finish(status: "completed" | "cancelled"): void {
    const open = this.response;
    if (!open) return;
    this.audioDone();
    this.response = null;
    const { events } = this.ctx;
    if (open.transcript) {
      events.emit("assistantTranscriptDone", {
        itemId: open.itemId,
        responseId: open.responseId,
        transcript: open.transcript,
      });
    }
    const usage = open.usage ? usageFromGemini(open.usage, 1) : { ...emptyUsage(), responses: 1 };
    this.ctx.recordUsage(usage);
    events.emit("responseDone", { responseId: open.responseId, status, usage });
    this.ctx.responseFinished();
  }
}
