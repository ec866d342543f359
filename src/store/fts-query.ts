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
  const terms = q
    .split(/\s+/u)
    .filter((term) => HAS_WORD.test(term))
    .slice(0, MAX_TERMS);
  if (terms.length === 0) throw invalid("query.q: must contain at least one word");
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(" ");
}
