import type { RealtimeResponseUsage } from "openai/resources/realtime/realtime";
import type { ModelUsage } from "../usage";

/**
 * Usage of one `response.done`. `cached_tokens` is part of `input_tokens`, so it is reported
 * beside it and never added to the total.
 */
export function usageFromWire(usage: RealtimeResponseUsage | undefined): ModelUsage {
  const input = usage?.input_tokens ?? 0;
  const output = usage?.output_tokens ?? 0;
  return {
    inputTokens: input,
    inputTextTokens: usage?.input_token_details?.text_tokens ?? 0,
    inputAudioTokens: usage?.input_token_details?.audio_tokens ?? 0,
    cachedInputTokens: usage?.input_token_details?.cached_tokens ?? 0,
    outputTokens: output,
    outputTextTokens: usage?.output_token_details?.text_tokens ?? 0,
    outputAudioTokens: usage?.output_token_details?.audio_tokens ?? 0,
    totalTokens: input + output,
    responses: 1,
  };
}
