/**
 * Token log-probabilities as the transcription models send them: word-sized tokens carrying their
 * leading space, punctuation on its own, each with its UTF-8 bytes. Deterministic: the values
 * alternate a little around ln(confidence) and average to it exactly, so a client's
 * exp(mean logprob) gives back `confidence`.
 */
export function tokenLogprobs(
  text: string,
  confidence: number,
): Array<{ token: string; logprob: number; bytes: number[] }> {
  const tokens = text.match(/\s*[\p{L}\p{N}'’]+|\s*[^\s\p{L}\p{N}'’]/gu) ?? [];
  const mean = Math.log(Math.min(1, Math.max(1e-6, confidence)));
  const spread = Math.min(0.02, -mean);
  return tokens.map((token, i) => {
    // Pairs cancel out; an odd last token gets the mean itself.
    const paired = i < tokens.length - (tokens.length % 2);
    const logprob = paired ? mean + (i % 2 === 0 ? spread : -spread) : mean;
    return { token, logprob, bytes: [...new TextEncoder().encode(token)] };
  });
}
