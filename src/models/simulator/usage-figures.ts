import type { RealtimeResponseUsage } from "openai/resources/realtime/realtime";

/**
 * Plausible token counts for a simulated response: about 10 tokens per second of caller audio,
 * 20 per second of agent audio, 4 characters per text token. From the second response on, the
 * earlier context counts as cached (in 64-token blocks), as a subset of the input tokens.
 */
export class UsageFigures {
  private previousInput = 0;

  next(input: { textChars: number; audioMs: number }, output: { audioMs: number; text: string }) {
    const inputText = Math.ceil(input.textChars / 4);
    const inputAudio = Math.round(input.audioMs / 100);
    const inputTokens = inputText + inputAudio;
    const cached = Math.min(inputTokens, Math.floor(this.previousInput / 64) * 64);
    this.previousInput = inputTokens;
    const outputText = Math.ceil(output.text.length / 4);
    const outputAudio = Math.round(output.audioMs / 50);
    const usage: RealtimeResponseUsage = {
      total_tokens: inputTokens + outputText + outputAudio,
      input_tokens: inputTokens,
      output_tokens: outputText + outputAudio,
      input_token_details: {
        text_tokens: inputText,
        audio_tokens: inputAudio,
        image_tokens: 0,
        cached_tokens: cached,
        cached_tokens_details: {
          text_tokens: Math.min(cached, inputText),
          audio_tokens: Math.max(0, cached - inputText),
          image_tokens: 0,
        },
      },
      output_token_details: { text_tokens: outputText, audio_tokens: outputAudio },
    };
    return usage;
  }
}
