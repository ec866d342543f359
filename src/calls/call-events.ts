import type { EndReason, MessageRole } from "../domain/call";
import type { TurnTiming } from "./turn-metrics";

export type CallPhase = "connecting" | "active" | "ended";

/** What a call tells the world as it goes: the live transcript, its timings, its end. */
export type CallEvents = {
  phase: [phase: CallPhase];
  transcript: [entry: { role: MessageRole; text: string; offsetMs: number; itemId: string | null }];
  turn: [timing: TurnTiming];
  /** Media connected → first agent audio sent, once per call. */
  greeting: [info: { firstAudioMs: number }];
  dtmf: [info: { digit: string; offsetMs: number }];
  ended: [info: { reason: EndReason }];
};
