import type { ConversationItem } from "openai/resources/realtime/realtime";
import { EnergyVad, type VadEvent } from "./energy-vad";
import type { Responder } from "./responder";
import type { SimulatorScript } from "./script";
import type { TurnSettings } from "./session-settings";
import type { SimContext } from "./sim-context";
import { tokenLogprobs } from "./token-logprobs";

const MIN_COMMIT_MS = 100; // the service refuses to commit less than 100 ms

/**
 * The caller's side of the conversation: the input audio buffer, server VAD (speech started /
 * stopped, idle timeout), barge-in, commits, and the transcript of each committed turn.
 */
export class TurnTaking {
  private readonly vad: EnergyVad;
  private turns: TurnSettings | null = null;
  /** Audio time (ms) where the uncommitted input buffer begins. */
  private bufferStartMs = 0;
  private speechItemId: string | null = null;
  private utterances = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly responder: Responder,
    private readonly script: SimulatorScript,
  ) {
    this.vad = new EnergyVad({
      threshold: 0.5,
      prefixPaddingMs: 300,
      silenceDurationMs: 500,
      idleTimeoutMs: null,
    });
  }

  /** Turn detection settings changed; null turns server VAD off. */
  configure(turns: TurnSettings | null): void {
    this.turns = turns;
    if (turns) this.vad.configure(turns.vad);
  }

  /** The agent finished speaking. */
  agentDone(): void {
    this.vad.armIdleTimeout();
  }

  append(pcm: Int16Array): void {
    this.ctx.conversation.inputAudioMs += pcm.length / 24;
    // The VAD also keeps the audio clock, so it hears everything even while turns are off.
    const events = this.vad.push(pcm);
    const turns = this.turns;
    if (!turns) return;
    for (const event of events) this.onVad(event, turns);
  }

  commitByHand(eventId?: string): void {
    if (this.vad.audioMs - this.bufferStartMs < MIN_COMMIT_MS) {
      this.ctx.fail(
        "input_audio_buffer_commit_empty",
        "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio.",
        eventId,
      );
      return;
    }
    this.commit(this.ctx.ids.next("item"), this.vad.audioMs, false);
  }

  clear(): void {
    this.bufferStartMs = this.vad.audioMs;
    this.ctx.emit({ type: "input_audio_buffer.cleared", event_id: "" });
  }

  private onVad(event: VadEvent, turns: TurnSettings): void {
    const { ids, emit } = this.ctx;
    switch (event.type) {
      case "speech_started":
        this.speechItemId = ids.next("item");
        emit({
          type: "input_audio_buffer.speech_started",
          event_id: "",
          item_id: this.speechItemId,
          audio_start_ms: event.audioStartMs,
        });
        if (turns.interruptResponse) this.responder.cancel("turn_detected");
        break;
      case "speech_stopped": {
        const itemId = this.speechItemId ?? ids.next("item");
        emit({
          type: "input_audio_buffer.speech_stopped",
          event_id: "",
          item_id: itemId,
          audio_end_ms: event.audioEndMs,
        });
        this.commit(itemId, event.audioEndMs, turns.createResponse);
        break;
      }
      case "idle_timeout":
        emit({
          type: "input_audio_buffer.timeout_triggered",
          event_id: "",
          item_id: ids.next("item"),
          audio_start_ms: event.audioStartMs,
          audio_end_ms: event.audioEndMs,
        });
        if (!this.responder.active && turns.createResponse) this.responder.start("idle_timeout");
        break;
    }
  }

  /** Commits the input buffer up to `endMs` of audio; what follows stays for the next turn. */
  private commit(itemId: string, endMs: number, thenRespond: boolean): void {
    const { emit, conversation } = this.ctx;
    const durationMs = endMs - this.bufferStartMs;
    this.bufferStartMs = endMs;
    this.speechItemId = null;
    emit({
      type: "input_audio_buffer.committed",
      event_id: "",
      item_id: itemId,
      previous_item_id: conversation.lastItemId,
    });
    const item: ConversationItem = {
      id: itemId,
      object: "realtime.item",
      type: "message",
      role: "user",
      status: "completed",
      content: [{ type: "input_audio" }],
    };
    emit({
      type: "conversation.item.added",
      event_id: "",
      previous_item_id: conversation.lastItemId,
      item,
    });
    emit({
      type: "conversation.item.done",
      event_id: "",
      previous_item_id: conversation.lastItemId,
      item,
    });
    conversation.lastItemId = itemId;
    const utterance = { index: this.utterances++, durationMs };
    const transcript = this.script.transcript(utterance);
    conversation.lastTranscript = transcript;
    conversation.textChars += transcript.length;
    if (this.ctx.settings().audio?.input?.transcription) {
      const confidence = this.script.confidence({ ...utterance, transcript });
      this.sendTranscript(itemId, transcript, durationMs, confidence);
    }
    if (thenRespond && !this.responder.active) this.responder.start("turn");
  }

  private sendTranscript(
    itemId: string,
    transcript: string,
    durationMs: number,
    confidence: number,
  ): void {
    const wantLogprobs = this.ctx
      .settings()
      .include?.includes("item.input_audio_transcription.logprobs");
    const logprobs = wantLogprobs ? tokenLogprobs(transcript, confidence) : undefined;
    const where = { event_id: "", item_id: itemId, content_index: 0 };
    this.ctx.emit({
      type: "conversation.item.input_audio_transcription.delta",
      ...where,
      delta: transcript,
      ...(logprobs && { logprobs }),
    });
    this.ctx.emit({
      type: "conversation.item.input_audio_transcription.completed",
      ...where,
      transcript,
      usage: { type: "duration", seconds: durationMs / 1000 },
      ...(logprobs && { logprobs }),
    });
  }
}
