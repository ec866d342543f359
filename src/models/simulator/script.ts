/**
 * What the simulated model "hears" and "says": deterministic, so tests can assert on it.
 * Every part has a default; tests and demos override what they need.
 */

export interface Utterance {
  /** 0-based index of the caller's utterance in this session. */
  index: number;
  /** Length of the committed audio, in milliseconds. */
  durationMs: number;
}

/** Why a response is being made. */
export type ReplyTrigger = "client" | "turn" | "tool_result" | "idle_timeout";

export interface ReplyContext {
  /** 0-based index of the response in this session. */
  index: number;
  trigger: ReplyTrigger;
  /** The caller's last transcript, if any. */
  transcript?: string;
  /** Per-response instructions from `response.create`, if any. */
  instructions?: string;
  /** The tool rule whose result this reply follows, for trigger "tool_result". */
  toolRule?: ToolRule;
}

/** When the caller's transcript matches, the model calls `tool` instead of answering. */
export interface ToolRule {
  when: RegExp;
  tool: string;
  arguments: Record<string, unknown>;
  /** Voice line to speak once the tool output arrived; default: `defaultReply`'s choice. */
  thenSay?: string;
}

/** A clip sent to `POST /v1/audio/transcriptions`, as the simulator read it. */
export interface TranscriptionClip {
  /** 0-based index of the transcription request on this simulator. */
  index: number;
  model: string;
  durationMs: number;
  language?: string;
}

export interface SimulatorScript {
  /** Transcript of each caller utterance. */
  transcript: (utterance: Utterance) => string;
  /**
   * How sure the transcriber is of an utterance, in (0, 1]: its token log-probabilities are
   * set so that exp(mean logprob) equals it. Default 0.95.
   */
  confidence: (utterance: Utterance & { transcript: string }) => number;
  /** What `POST /v1/audio/transcriptions` answers for a clip, and how sure it is. */
  retranscript: (clip: TranscriptionClip) => { text: string; confidence: number };
  /** Name of the voice line to speak for a response. */
  reply: (context: ReplyContext) => string;
  toolRules: ToolRule[];
}

const ROTATION = ["hours", "booking", "checking", "repeat", "goodbye"];

export function defaultTranscript(utterance: Utterance): string {
  return `caller utterance ${utterance.index + 1}`;
}

export function defaultRetranscript(clip: TranscriptionClip): { text: string; confidence: number } {
  return {
    text: `caller speech, ${(clip.durationMs / 1000).toFixed(1)} seconds`,
    confidence: 0.97,
  };
}

/** The greeting first, "repeat" after an idle timeout, then the other lines in turn. */
export function defaultReply(context: ReplyContext): string {
  if (context.toolRule?.thenSay) return context.toolRule.thenSay;
  if (context.index === 0) return "greeting";
  if (context.trigger === "idle_timeout") return "repeat";
  return ROTATION[(context.index - 1) % ROTATION.length] ?? "repeat";
}

export function scriptWithDefaults(script: Partial<SimulatorScript> = {}): SimulatorScript {
  return {
    transcript: script.transcript ?? defaultTranscript,
    confidence: script.confidence ?? (() => 0.95),
    retranscript: script.retranscript ?? defaultRetranscript,
    reply: script.reply ?? defaultReply,
    toolRules: script.toolRules ?? [],
  };
}
