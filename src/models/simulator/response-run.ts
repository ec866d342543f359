import type {
  ConversationItem,
  RealtimeAudioFormats,
  RealtimeResponse,
  RealtimeResponseUsage,
  RealtimeServerEvent,
} from "openai/resources/realtime/realtime";
import { abortableWait } from "../abortable-wait";
import { AudioOut } from "./audio-formats";
import type { IdMaker } from "./ids";
import type { VoiceLine } from "./voice-lines";

export interface Pacing {
  /** Audio per `response.output_audio.delta`. */
  chunkMs: number;
  /** 1 streams at real time, 2 twice as fast; Infinity as fast as the socket takes it. */
  playbackSpeed: number;
  /** The model's "thinking" time before its first audio. */
  firstAudioDelayMs: number;
}

export type ResponsePlan =
  | { kind: "speech"; line: VoiceLine }
  | { kind: "function_call"; name: string; callId: string; args: string };

export interface ResponseRunDeps {
  ids: IdMaker;
  emit: (event: RealtimeServerEvent) => void;
  pacing: Pacing;
  voice: string;
  /** The session's output format: the audio deltas are sent in it. */
  format: RealtimeAudioFormats;
  previousItemId: string | null;
  /** Audio of an assistant item went out, in ms as sent (for truncation checks). */
  onAudioSent: (itemId: string, ms: number) => void;
  usageFor: (output: { audioMs: number; text: string }) => RealtimeResponseUsage;
}

type Ending =
  | { status: "completed" }
  | { status: "cancelled"; reason: "turn_detected" | "client_cancelled" };

/**
 * One response of the simulated model, streamed event by event, cancellable at any chunk.
 * Events leave with an empty `event_id`; the session stamps them.
 */
export class ResponseRun {
  readonly id: string;
  readonly itemId: string;
  private readonly stop = new AbortController();
  private ending: Ending = { status: "completed" };

  constructor(
    private readonly deps: ResponseRunDeps,
    private readonly plan: ResponsePlan,
  ) {
    this.id = deps.ids.next("resp");
    this.itemId = deps.ids.next("item");
  }

  cancel(reason: "turn_detected" | "client_cancelled"): void {
    if (this.stop.signal.aborted) return;
    this.ending = { status: "cancelled", reason };
    this.stop.abort();
  }

  /** Streams the response; resolves after `response.done`. */
  async run(): Promise<void> {
    const { emit } = this.deps;
    const base = { response_id: this.id, output_index: 0 };
    emit({ type: "response.created", event_id: "", response: this.response("in_progress", []) });
    const item = this.item("in_progress", "");
    emit({ type: "response.output_item.added", event_id: "", ...base, item });
    emit({
      type: "conversation.item.added",
      event_id: "",
      previous_item_id: this.deps.previousItemId,
      item,
    });
    const said =
      this.plan.kind === "speech" ? await this.speak(this.plan.line) : this.call(this.plan);
    const status = this.ending.status === "completed" ? "completed" : "incomplete";
    const done = this.item(status, said.text);
    emit({ type: "response.output_item.done", event_id: "", ...base, item: done });
    emit({ type: "conversation.item.done", event_id: "", item: done });
    const response = this.response(this.ending.status, [done]);
    response.usage = this.deps.usageFor(said);
    if (this.ending.status === "cancelled") {
      response.status_details = { type: "cancelled", reason: this.ending.reason };
    }
    emit({ type: "response.done", event_id: "", response });
  }

  private async speak(line: VoiceLine): Promise<{ audioMs: number; text: string }> {
    const { emit, pacing } = this.deps;
    const where = { response_id: this.id, item_id: this.itemId, output_index: 0, content_index: 0 };
    emit({
      type: "response.content_part.added",
      event_id: "",
      ...where,
      part: { type: "audio", transcript: "" },
    });
    await abortableWait(pacing.firstAudioDelayMs, this.stop.signal);
    const chunkSamples = pacing.chunkMs * 24;
    const out = new AudioOut(this.deps.format);
    const words = line.text.split(" ");
    const started = performance.now();
    let sentSamples = 0;
    let sentWords = 0;
    let text = "";
    for (let at = 0; at < line.pcm.length && !this.stop.signal.aborted; at += chunkSamples) {
      const chunk = line.pcm.subarray(at, at + chunkSamples);
      const sent = out.encode(chunk);
      emit({ type: "response.output_audio.delta", event_id: "", ...where, delta: sent.base64 });
      sentSamples += chunk.length;
      this.deps.onAudioSent(this.itemId, sent.ms);
      // Words go out in step with the audio that carries them.
      const wordsDue = Math.ceil((sentSamples / line.pcm.length) * words.length);
      for (; sentWords < wordsDue; sentWords++) {
        const delta = `${sentWords === 0 ? "" : " "}${words[sentWords]}`;
        text += delta;
        emit({ type: "response.output_audio_transcript.delta", event_id: "", ...where, delta });
      }
      const dueMs = sentSamples / 24 / pacing.playbackSpeed;
      await abortableWait(dueMs - (performance.now() - started), this.stop.signal);
    }
    out.dispose();
    if (!this.stop.signal.aborted) {
      emit({ type: "response.output_audio.done", event_id: "", ...where });
    }
    emit({
      type: "response.output_audio_transcript.done",
      event_id: "",
      ...where,
      transcript: text,
    });
    emit({
      type: "response.content_part.done",
      event_id: "",
      ...where,
      part: { type: "audio", transcript: text },
    });
    return { audioMs: sentSamples / 24, text };
  }

  private call(plan: Extract<ResponsePlan, { kind: "function_call" }>): {
    audioMs: number;
    text: string;
  } {
    const { emit } = this.deps;
    const where = {
      response_id: this.id,
      item_id: this.itemId,
      output_index: 0,
      call_id: plan.callId,
    };
    const half = Math.ceil(plan.args.length / 2);
    for (const delta of [plan.args.slice(0, half), plan.args.slice(half)]) {
      emit({ type: "response.function_call_arguments.delta", event_id: "", ...where, delta });
    }
    emit({
      type: "response.function_call_arguments.done",
      event_id: "",
      ...where,
      name: plan.name,
      arguments: plan.args,
    });
    return { audioMs: 0, text: plan.args };
  }

  private item(status: "in_progress" | "completed" | "incomplete", text: string): ConversationItem {
    if (this.plan.kind === "function_call") {
      return {
        id: this.itemId,
        object: "realtime.item",
        type: "function_call",
        status,
        name: this.plan.name,
        call_id: this.plan.callId,
        arguments: status === "in_progress" ? "" : this.plan.args,
      };
    }
    return {
      id: this.itemId,
      object: "realtime.item",
      type: "message",
      role: "assistant",
      status,
      content: status === "in_progress" ? [] : [{ type: "output_audio", transcript: text }],
    };
  }

  private response(
    status: RealtimeResponse["status"],
    output: ConversationItem[],
  ): RealtimeResponse {
    return {
      id: this.id,
      object: "realtime.response",
      status,
      output,
      output_modalities: ["audio"],
      audio: { output: { format: this.deps.format, voice: this.deps.voice } },
    };
  }
}
