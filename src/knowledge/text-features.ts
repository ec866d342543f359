/** Words of a text as the knowledge base compares them: lower case, accents folded. */

/** Common English function words: they match nearly every passage and say nothing of it. */
const STOPWORDS = new Set(
  (
    "a an and are as at be been being but by can could do does did for from had has have how i " +
    "if in into is it its me my of on or our so than that the their them then there these they " +
    "this those to too us was we were what when where which who whom why will with would you " +
    "your yours about any all also am just not no nor only own same some such very should shall " +
    "may might must s t"
  ).split(" "),
);

export const isStopword = (word: string) => STOPWORDS.has(word);

/** Lower case without accents: "Café" and "cafe" are one word. */
export function foldText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** The words (letters and digits) of a text, folded. */
export function words(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The words that say something, in order (all of them when every one is a stopword). */
export function contentWords(text: string): string[] {
  const all = words(text);
  const content = all.filter((w) => !isStopword(w));
  return content.length > 0 ? content : all;
}

/** A rough English stem, enough to meet "cleanings" and "cleaning", "hours" and "hour". */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith("es") && /(?:ch|sh|ss|x)es$/.test(word)) {
    return word.slice(0, -2);
  }
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}
