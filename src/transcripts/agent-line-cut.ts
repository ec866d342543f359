/**
 * The part of an agent line the caller heard before cutting in: the generated text cut in
 * proportion to the audio heard, at the nearest word boundary (words as Intl.Segmenter sees
 * them, so text without spaces, such as Chinese or Japanese, is cut between words too).
 */
export function cutAtHeard(text: string, heardMs: number, generatedMs: number): string {
  if (generatedMs <= 0) return text;
  const ratio = Math.min(1, Math.max(0, heardMs / generatedMs));
  if (ratio >= 1) return text;
  const target = ratio * text.length;
  let best = 0;
  for (const segment of new Intl.Segmenter(undefined, { granularity: "word" }).segment(text)) {
    if (!segment.isWordLike) continue;
    const end = segment.index + segment.segment.length;
    if (Math.abs(end - target) < Math.abs(best - target)) best = end;
    if (end > target) break;
  }
  return text.slice(0, best).trimEnd();
}
