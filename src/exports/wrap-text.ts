/**
 * Breaks text into lines no wider than `width`. Latin and Hangul words break at spaces; Chinese
 * and Japanese characters may break between any two, except that closing punctuation stays with
 * the character before it. A word wider than a line is cut where it must be.
 */
export function wrapText(text: string, width: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  let line = "";
  let lineWidth = 0;
  for (const token of tokens(text)) {
    const tokenWidth = measure(token);
    if (lineWidth + tokenWidth <= width || line === "") {
      if (tokenWidth > width) {
        for (const char of token) {
          const charWidth = measure(char);
          if (lineWidth + charWidth > width && line !== "") {
            lines.push(line.trimEnd());
            line = "";
            lineWidth = 0;
          }
          line += char;
          lineWidth += charWidth;
        }
        continue;
      }
      line += token;
      lineWidth += tokenWidth;
      continue;
    }
    lines.push(line.trimEnd());
    const kept = token.trimStart();
    line = kept;
    lineWidth = measure(kept);
  }
  if (line.trim() !== "" || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

const IDEOGRAPHIC =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
const CLOSING = /[、。，．！？：；）」』】〕〉》”’ー…・,.!?:;)\]}%]/u;

function* tokens(text: string): Iterable<string> {
  let word = "";
  for (const char of text.replace(/\s+/g, " ")) {
    if (char === " ") {
      if (word) yield word;
      word = " ";
    } else if (IDEOGRAPHIC.test(char) && !CLOSING.test(char)) {
      if (word) yield word;
      word = char;
      // An ideograph ends its own token at once unless closing punctuation joins it.
    } else if (word !== "" && IDEOGRAPHIC.test(word.at(-1) ?? "") && !CLOSING.test(char)) {
      yield word;
      word = char;
    } else {
      word += char;
    }
  }
  if (word) yield word;
}
