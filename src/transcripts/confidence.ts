import type { TokenLogprob } from "../models/model-leg";

/**
 * How sure the transcriber was of a line, in [0, 1]: the exponential of the mean token
 * log-probability, i.e. the geometric mean of the token probabilities. One unsure word in a
 * long line lowers it less than in a short one, as a reader would expect. Null without tokens.
 */
export function confidenceFromLogprobs(
  logprobs: readonly TokenLogprob[] | undefined,
): number | null {
  const usable = (logprobs ?? []).filter((p) => Number.isFinite(p.logprob));
  if (usable.length === 0) return null;
  const mean = usable.reduce((sum, p) => sum + Math.min(0, p.logprob), 0) / usable.length;
  return Math.round(Math.exp(mean) * 10_000) / 10_000;
}
