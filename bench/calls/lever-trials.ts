// Capacity-lever trials: the same scenarios run once per variant (a set of gateway settings),
// variants alternating within each round so that the shared machine's changing load falls on
// all of them alike. Prints one line per run and a per-thread CPU line; results.json keeps all.

import type { ScenarioResult } from "./scenario";

export interface Variant {
  /** As given: `base`, or `NAME=value+NAME=value`. */
  label: string;
  env: Record<string, string>;
}

/** `base` (no change) or settings joined by `+`, e.g. `RTC_OPUS_DTX=browser+MODEL_AUDIO_APPEND_MS=40`. */
export function parseVariant(text: string): Variant {
  if (text === "base") return { label: text, env: {} };
  const env: Record<string, string> = {};
  for (const pair of text.split("+")) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new Error(`--variant ${text}: expected base or NAME=value+NAME=value`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return { label: text, env };
}

/** Milliseconds of gateway CPU per second per call, by thread name, largest first. */
export function threadLine(result: ScenarioResult): string {
  const perCall = (seconds: number) =>
    (seconds * 1000) / result.load.wallSeconds / result.dialled.length;
  return [...result.load.threads]
    .sort((a, b) => b.cpuSeconds - a.cpuSeconds)
    .slice(0, 7)
    .map((t) => `${t.name} ${perCall(t.cpuSeconds).toFixed(1)}`)
    .join(", ");
}

/** Agent audio each caller heard (ms, mean over calls): a reply stretched by a lever shows here. */
export function meanAudibleMs(result: ScenarioResult): number {
  if (result.heard.length === 0) return 0;
  return result.heard.reduce((sum, call) => sum + call.audibleMs, 0) / result.heard.length;
}
