import { invalid } from "../domain/errors";

const MAX_TERMS = 12;
const HAS_WORD = /[\p{L}\p{N}]/u;

/**
 * Turns what a person typed into an FTS5 query that means "all these words": each term becomes
 * a quoted string (inner quotes doubled), so FTS syntax in it (`"`, `*`, `NEAR`, `OR`, `-`,
 * `:`, parentheses) is searched for as text, never obeyed. Terms without a letter or digit
 * cannot match a word and are dropped; nothing left is a 400.
 */
export function toFtsQuery(q: string): string {
  // Control characters (a NUL would end the query early) separate words like spaces do.
  const terms = q.split(/[\s\p{Cc}]+/u).filter((term) => HAS_WORD.test(term));
  if (terms.length === 0) throw invalid("query.q: must contain at least one word");
  // Dropping words would widen the search: too many is refused instead.
  if (terms.length > MAX_TERMS) throw invalid(`query.q: must have at most ${MAX_TERMS} words`);
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(" ");
}
