import { contentWords } from "./text-features";

/** Words of a question beyond this many add little and make the full-text search slower. */
const MAX_TERMS = 16;

/**
 * An FTS5 query that matches a passage holding any of the question's words, each word quoted
 * (so nothing in the question is read as FTS5 syntax); BM25 then ranks those holding the rarer
 * words and more of them first. Null when the question has no words.
 */
export function fullTextQuery(question: string): string | null {
  const terms = [...new Set(contentWords(question))].slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  return terms.map((term) => `"${term}"`).join(" OR ");
}
