import type { RealtimeResponseUsage } from "openai/resources/realtime/realtime";
import type { ModelUsage } from "../usage";

/**
 * Usage of one `response.done`. `cached_tokens` is part of `input_tokens`, so it is reported
 * beside it and never added to the total.
 */
export function usageFromWire(usage: RealtimeResponseUsage | undefined): ModelUsage {
  const input = usage?.input_tokens ?? 0;
  const output = usage?.output_tokens ?? 0;
  const inputText = usage?.input_token_details?.text_tokens ?? 0;
  const cached = usage?.input_token_details?.cached_tokens ?? 0;
  const cachedDetails = usage?.input_token_details?.cached_tokens_details;
  // Without the split, cached tokens are taken as text first (the prompt leads the context).
  const cachedText = cachedDetails?.text_tokens ?? Math.min(cached, inputText);
  return {
    inputTokens: input,
    inputTextTokens: inputText,
    inputAudioTokens: usage?.input_token_details?.audio_tokens ?? 0,
    cachedInputTokens: cached,
    cachedInputTextTokens: cachedText,
    cachedInputAudioTokens: cachedDetails?.audio_tokens ?? Math.max(0, cached - cachedText),
    outputTokens: output,
    outputTextTokens: usage?.output_token_details?.text_tokens ?? 0,
    outputAudioTokens: usage?.output_token_details?.audio_tokens ?? 0,
    totalTokens: input + output,
    responses: 1,
  };
}
