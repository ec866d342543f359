import { FRAME_MS } from "../audio/frames";
import type { LineFacts, MessageRole, Retranscription } from "../domain/call";
import type { Logger } from "../log/logger";
import type { ModelLeg, TokenLogprob } from "../models/model-leg";
import { PCM16_24K } from "../models/model-settings";
import { cutAtHeard } from "./agent-line-cut";
import { CallerAudioBuffer } from "./caller-audio-buffer";
import { confidenceFromLogprobs } from "./confidence";
import type { PendingRetranscriptions } from "./pending-retranscriptions";
import { RETRANSCRIPTION_MODEL, type Retranscriber } from "./retranscriber";

/** Where the transcript is written: the call's ordered record writer. */
export interface TranscriptWriter {
  message(role: MessageRole, text: string, itemId: string, offsetMs: number, line: LineFacts): void;
  updateLine(itemId: string, patch: LineFacts & { text?: string }): void;
  flushed(): Promise<void>;
}

/** How a call's caller lines are checked; without it lines get confidences and offsets only. */
export interface TranscriptChecks {
  retranscriber: Retranscriber;
  /** Caller lines less confident than this are transcribed again from their audio. */
  confidenceThreshold: number;
  /** The language the live transcription was told, if any. */
  language?: string;
  pending: PendingRetranscriptions;
  /** Caller audio kept for re-transcription (default 60 s). */
  bufferMs?: number;
}

export interface CallTranscriptOptions {
  callId: string;
  writer: TranscriptWriter;
  /** The call clock: milliseconds since the call started. */
  offsetMs: () => number;
  log: Logger;
  checks?: TranscriptChecks;
  /** A line was written (for the live transcript feed). */
  onLine: (role: MessageRole, text: string, itemId: string, offsetMs: number) => void;
}

interface CallerTurn {
  startPosition?: number;
  endPosition?: number;
  startMs?: number | null;
  endMs?: number | null;
}

interface AgentLine {
  generatedSamples: number;
  firstOutMs: number | null;
  lastOutMs: number | null;
  text: string | null;
  written: boolean;
  settled: boolean;
  heardMs: number | null;
}

/** Caller turns whose transcript never came are forgotten past this many. */
const MAX_OPEN_TURNS = 32;
const MODEL_RATE = PCM16_24K.sampleRateHz;

/**
 * One call's transcript as it is written: caller lines with their confidence and their place on
 * the call clock (from the model's speech events, mapped through the caller-audio buffer),
 * unsure ones transcribed again from their clip; agent lines placed where their audio went out
 * to the caller and, on barge-in, cut to what the caller heard.
 */
export class CallTranscript {
  readonly audio: CallerAudioBuffer;
  private readonly turns = new Map<string, CallerTurn>();
  private readonly agent = new Map<string, AgentLine>();
  private playing: string | null = null;

  constructor(private readonly opts: CallTranscriptOptions) {
    this.audio = new CallerAudioBuffer(MODEL_RATE, opts.checks?.bufferMs ?? 60_000);
  }

  /** Follows the model's events; returns the disposers. */
  listen(model: ModelLeg): Array<() => void> {
    return [
      model.on("sessionRotated", () => this.audio.newModelSession()),
      model.on("speechStarted", (s) => {
        const turn = this.turn(s.itemId);
        turn.startPosition = this.audio.positionAt(s.audioStartMs);
        turn.startMs = this.audio.callMsOf(turn.startPosition);
      }),
      model.on("speechStopped", (s) => {
        const turn = this.turn(s.itemId);
        turn.endPosition = this.audio.positionAt(s.audioEndMs);
        turn.endMs = this.audio.callMsOf(turn.endPosition);
      }),
      model.on("userTranscript", (t) => {
        if (t.kind === "completed") this.callerLine(t.itemId, t.text, t.logprobs);
      }),
      model.on("audio", (chunk) => {
        this.agentLine(chunk.itemId).generatedSamples += chunk.pcm.length;
      }),
      model.on("assistantTranscriptDone", (t) => this.agentText(t.itemId, t.transcript)),
    ];
  }

  /** Caller audio just sent to the model (24 kHz). */
  callerAudio(pcm: Int16Array): void {
    this.audio.write(pcm, this.opts.offsetMs());
  }

  /** A frame of the agent's item went out to the caller in this tick. */
  agentAudioOut(itemId: string | null): void {
    if (itemId === null) return;
    if (this.playing !== null && this.playing !== itemId) this.settle(this.playing);
    this.playing = itemId;
    const line = this.agentLine(itemId);
    const at = this.opts.offsetMs();
    line.firstOutMs ??= at;
    line.lastOutMs = at;
  }

  /** Barge-in: the caller heard `heardMs` of the item, then it stopped. */
  agentCut(itemId: string, heardMs: number): void {
    this.agentLine(itemId).heardMs = heardMs;
    this.settle(itemId);
    if (this.playing === itemId) this.playing = null;
  }

  /** Everything queued has been played. */
  playoutFinished(): void {
    if (this.playing !== null) this.settle(this.playing);
    this.playing = null;
  }

  /** The call is over: every line that played gets its end. */
  close(): void {
    for (const [itemId, line] of this.agent) if (!line.settled) this.settle(itemId);
    this.playing = null;
  }

  private turn(itemId: string): CallerTurn {
    let turn = this.turns.get(itemId);
    if (!turn) {
      turn = {};
      this.turns.set(itemId, turn);
      if (this.turns.size > MAX_OPEN_TURNS) {
        const oldest = this.turns.keys().next().value;
        if (oldest !== undefined) this.turns.delete(oldest);
      }
    }
    return turn;
  }

  private callerLine(itemId: string, text: string, logprobs?: TokenLogprob[]): void {
    if (!text.trim()) return;
    const turn = this.turns.get(itemId) ?? {};
    this.turns.delete(itemId);
    const confidence = confidenceFromLogprobs(logprobs);
    const checks = this.opts.checks;
    const unsure =
      checks !== undefined && confidence !== null && confidence < checks.confidenceThreshold;
    const clip =
      unsure && turn.startPosition !== undefined && turn.endPosition !== undefined
        ? this.audio.clipBetween(turn.startPosition, turn.endPosition)
        : null;
    const retranscription: Retranscription | undefined = unsure
      ? { status: clip ? "pending" : "unavailable", text: null, model: null, confidence: null }
      : undefined;
    const offsetMs = Math.round(this.opts.offsetMs());
    this.opts.writer.message("user", text, itemId, offsetMs, {
      confidence,
      startMs: turn.startMs ?? null,
      endMs: turn.endMs ?? null,
      ...(retranscription && { retranscription }),
    });
    this.opts.onLine("user", text, itemId, offsetMs);
    if (clip && checks) this.retranscribe(itemId, clip, checks);
  }

  /** Reads the clip again in the background; the after-call step waits for it. */
  private retranscribe(itemId: string, pcm: Int16Array, checks: TranscriptChecks): void {
    const { writer, log, callId } = this.opts;
    const work = checks.retranscriber
      .transcribe({
        pcm,
        sampleRate: MODEL_RATE,
        ...(checks.language && { language: checks.language }),
      })
      .then(
        (result): Retranscription => ({ status: "done", ...result }),
        (error: unknown): Retranscription => {
          log.warn("re-transcription failed", { callId, itemId, error });
          return { status: "failed", text: null, model: RETRANSCRIPTION_MODEL, confidence: null };
        },
      )
      .then((retranscription) => {
        writer.updateLine(itemId, { retranscription });
        return writer.flushed();
      });
    checks.pending.add(callId, work);
  }

  private agentLine(itemId: string): AgentLine {
    let line = this.agent.get(itemId);
    if (!line) {
      line = {
        generatedSamples: 0,
        firstOutMs: null,
        lastOutMs: null,
        text: null,
        written: false,
        settled: false,
        heardMs: null,
      };
      this.agent.set(itemId, line);
    }
    return line;
  }

  private agentText(itemId: string, transcript: string): void {
    const line = this.agentLine(itemId);
    line.text = transcript;
    if (!transcript.trim() || line.written) return;
    line.written = true;
    const facts = this.agentFacts(line);
    const offsetMs = Math.round(this.opts.offsetMs());
    const { text = transcript, ...rest } = facts;
    this.opts.writer.message("assistant", text, itemId, offsetMs, rest);
    this.opts.onLine("assistant", text, itemId, offsetMs);
  }

  private settle(itemId: string): void {
    const line = this.agentLine(itemId);
    if (line.settled) return;
    line.settled = true;
    const played = line.firstOutMs !== null || line.heardMs !== null;
    if (line.written && played) this.opts.writer.updateLine(itemId, this.agentFacts(line));
  }

  /** Where the line sits on the call clock and, when cut, what the caller heard of it. */
  private agentFacts(line: AgentLine): LineFacts & { text?: string } {
    const endMs = line.settled && line.lastOutMs !== null ? line.lastOutMs + FRAME_MS : null;
    const facts: LineFacts & { text?: string } = {
      startMs: line.firstOutMs,
      endMs: line.settled ? endMs : null,
    };
    if (line.heardMs !== null && line.text !== null) {
      const generatedMs = (line.generatedSamples * 1000) / MODEL_RATE;
      facts.text = cutAtHeard(line.text, line.heardMs, generatedMs);
      facts.fullText = line.text;
      facts.interrupted = true;
    }
    return facts;
  }
}
