/**
 * HTML to the plain text the chunker reads: headings become Markdown `#` lines, blocks become
 * paragraphs, list items `- ` lines; scripts, styles and markup go, character references are
 * decoded. Not a full HTML parser: enough for pages and exports people upload as knowledge.
 */

/** Elements whose content is never text a visitor reads. */
const HIDDEN = ["script", "style", "noscript", "template", "svg", "head", "iframe", "object"];

/** Elements that end a paragraph. */
const BLOCKS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "dd",
  "details",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "header",
  "hr",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "tbody",
  "thead",
  "tfoot",
  "tr",
  "ul",
  "caption",
]);

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  shy: "",
  copy: "©",
  reg: "®",
  trade: "™",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  laquo: "«",
  raquo: "»",
  bull: "•",
  middot: "·",
  deg: "°",
  euro: "€",
  pound: "£",
  yen: "¥",
  cent: "¢",
  sect: "§",
  para: "¶",
  times: "×",
  divide: "÷",
  plusmn: "±",
  frac12: "½",
  frac14: "¼",
  frac34: "¾",
  eacute: "é",
  egrave: "è",
  ecirc: "ê",
  aacute: "á",
  agrave: "à",
  acirc: "â",
  iacute: "í",
  oacute: "ó",
  ocirc: "ô",
  uacute: "ú",
  ntilde: "ñ",
  ccedil: "ç",
  auml: "ä",
  ouml: "ö",
  uuml: "ü",
  szlig: "ß",
  Eacute: "É",
  Auml: "Ä",
  Ouml: "Ö",
  Uuml: "Ü",
};

/** Decodes `&amp;`, `&#233;` and `&#xE9;`; an unknown or malformed reference stays as written. */
export function decodeEntities(text: string): string {
  return text.replace(
    /&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/g,
    (whole, ref: string) => {
      if (ref.startsWith("#")) {
        const code =
          ref[1] === "x" || ref[1] === "X"
            ? Number.parseInt(ref.slice(2), 16)
            : Number(ref.slice(1));
        const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
        return valid ? String.fromCodePoint(code) : "\uFFFD";
      }
      return NAMED[ref] ?? whole;
    },
  );
}

/** A tag: its name, whether it closes, and its attributes (quoted values may hold `>`). */
const TAG =
  /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*\/?>/g;

/** The `<title>` of a page, if it has one. */
export function htmlTitle(html: string): string | null {
  const match = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html.slice(0, 65_536));
  const title = match
    ? decodeEntities(match[1] ?? "")
        .replace(/\s+/g, " ")
        .trim()
    : "";
  return title === "" ? null : title;
}

/** Comments, declarations and elements never shown, replaced by a space. */
function withoutHidden(html: string): string {
  return html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, " ")
    .replace(/<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g, " ")
    .replace(/<![^>]*>/g, " ")
    .replace(new RegExp(`<(${HIDDEN.join("|")})\\b[\\s\\S]*?(?:</\\1\\s*>|$)`, "gi"), " ");
}

/** Markup of a stretch of HTML (cut before a `<`) turned into text; lines are tidied later. */
function markupToText(html: string): string {
  // Layout whitespace in HTML means nothing (pre's alignment is lost, its words are kept).
  const text = html
    .replace(/\s+/g, " ")
    .replace(TAG, (_whole, closing: string, rawName: string) => {
      const name = rawName.toLowerCase();
      const heading = /^h([1-6])$/.exec(name);
      if (heading) return closing ? "\n\n" : `\n\n${"#".repeat(Number(heading[1]))} `;
      if (name === "br") return "\n";
      if (name === "li") return closing ? "" : "\n- ";
      if (name === "td" || name === "th") return closing ? " " : " | ";
      if (BLOCKS.has(name)) return "\n\n";
      return "";
    });
  // Anything left that looks like a tag was not one (a bare `<` in text): it stays as text.
  return decodeEntities(text).replace(/[ \t\f\v\u00a0]+/g, " ");
}

/** No spaces at line ends, no empty headings, at most one blank line in a row. */
function tidy(text: string): string {
  return text
    .replace(/ *\n */g, "\n")
    .replace(/ {2,}/g, " ")
    .replace(/^#{1,6} *(?:\n+|$)/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function htmlToText(html: string): string {
  return tidy(markupToText(withoutHidden(html)));
}

/** HTML converted this many characters at a time, the event loop running in between. */
const SLICE_CHARS = 65_536;

/**
 * As htmlToText, for large pages: the markup is converted a slice at a time (each cut before a
 * `<`), with `pause` awaited between slices so that nothing else waits long on a big upload.
 */
export async function htmlToTextInSlices(
  html: string,
  pause: () => Promise<void>,
): Promise<string> {
  const visible = withoutHidden(html);
  const parts: string[] = [];
  for (let start = 0; start < visible.length; ) {
    let end = Math.min(visible.length, start + SLICE_CHARS);
    const tagStart = end < visible.length ? visible.lastIndexOf("<", end) : -1;
    if (tagStart > start) end = tagStart;
    parts.push(markupToText(visible.slice(start, end)));
    start = end;
    await pause();
  }
  return tidy(parts.join(""));
}
