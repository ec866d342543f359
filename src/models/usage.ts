/**
 * Token usage of a model session. Cached input tokens are a subset of `inputTokens`, never an
 * addition to them: billing and totals count each token once.
 */
export interface ModelUsage {
  inputTokens: number;
  inputTextTokens: number;
  inputAudioTokens: number;
  /** Part of `inputTokens` served from the prompt cache. */
  cachedInputTokens: number;
  /** Of `cachedInputTokens`, the text and the audio ones (priced apart). */
  cachedInputTextTokens: number;
  cachedInputAudioTokens: number;
  outputTokens: number;
  outputTextTokens: number;
  outputAudioTokens: number;
  /** inputTokens + outputTokens. */
  totalTokens: number;
  /** Responses the usage was summed over. */
  responses: number;
}

export function emptyUsage(): ModelUsage {
  return {
    inputTokens: 0,
    inputTextTokens: 0,
    inputAudioTokens: 0,
    cachedInputTokens: 0,
    cachedInputTextTokens: 0,
    cachedInputAudioTokens: 0,
    outputTokens: 0,
    outputTextTokens: 0,
    outputAudioTokens: 0,
    totalTokens: 0,
    responses: 0,
  };
}

export function addUsage(total: ModelUsage, more: ModelUsage): ModelUsage {
  return {
    inputTokens: total.inputTokens + more.inputTokens,
    inputTextTokens: total.inputTextTokens + more.inputTextTokens,
    inputAudioTokens: total.inputAudioTokens + more.inputAudioTokens,
    cachedInputTokens: total.cachedInputTokens + more.cachedInputTokens,
    cachedInputTextTokens: total.cachedInputTextTokens + more.cachedInputTextTokens,
    cachedInputAudioTokens: total.cachedInputAudioTokens + more.cachedInputAudioTokens,
    outputTokens: total.outputTokens + more.outputTokens,
    outputTextTokens: total.outputTextTokens + more.outputTextTokens,
    outputAudioTokens: total.outputAudioTokens + more.outputAudioTokens,
    totalTokens: total.totalTokens + more.totalTokens,
    responses: total.responses + more.responses,
  };
}
