import type { ModelUsage } from "../usage";
import type { GeminiUsage } from "./wire";

type Details = GeminiUsage["promptTokensDetails"];

const byModality = (details: Details, modality: "TEXT" | "AUDIO") =>
  (details ?? []).reduce((sum, d) => sum + (d.modality === modality ? (d.tokenCount ?? 0) : 0), 0);

/**
 * One turn's `usageMetadata` as ModelUsage. Thinking tokens are billed as output, so they count
 * as output text; cached tokens are part of the prompt, never added to it.
 */
export function usageFromGemini(usage: GeminiUsage, responses: number): ModelUsage {
  const input = usage.promptTokenCount ?? 0;
  const thoughts = usage.thoughtsTokenCount ?? 0;
  const output = (usage.responseTokenCount ?? 0) + thoughts;
  const cached = usage.cachedContentTokenCount ?? 0;
  const inputAudio = byModality(usage.promptTokensDetails, "AUDIO");
  const cachedAudio = byModality(usage.cacheTokensDetails, "AUDIO");
  const outputAudio = byModality(usage.responseTokensDetails, "AUDIO");
  return {
    inputTokens: input,
    inputTextTokens: Math.max(0, input - inputAudio),
    inputAudioTokens: inputAudio,
    cachedInputTokens: cached,
    cachedInputTextTokens: Math.max(0, cached - cachedAudio),
    cachedInputAudioTokens: cachedAudio,
    outputTokens: output,
    outputTextTokens: Math.max(0, output - outputAudio),
    outputAudioTokens: outputAudio,
    totalTokens: input + output,
    responses,
  };
}
