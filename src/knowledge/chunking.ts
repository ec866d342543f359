/**
 * Splits a document into passages along its structure: each passage stays under one heading
 * (the heading path goes with it), is made of whole paragraphs where they fit, and repeats the
 * end of the passage before it when a section runs over several, so that an answer split by a
 * boundary is still found whole in one of them.
 */

export interface Chunk {
  position: number;
  /** The headings above the passage, outermost first: "Prices › Children". Empty when none. */
  heading: string;
  text: string;
}

export interface ChunkingOptions {
  /** A passage is closed once it reaches this many characters. */
  targetChars: number;
  /** No passage is longer (a longer paragraph is cut between sentences, then between words). */
  maxChars: number;
  /** How much of a passage's end the next one in the same section starts with. */
  overlapChars: number;
}

export const DEFAULT_CHUNKING: ChunkingOptions = {
  targetChars: 700,
  maxChars: 1000,
  overlapChars: 150,
};

type Block = { kind: "heading"; level: number; text: string } | { kind: "paragraph"; text: string };

const ATX_HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const SETEXT_UNDERLINE = /^(=+|-+)\s*$/;

/**
 * A line on its own that reads like a title: short, no closing punctuation, not a list item.
 * Plain text and PDFs mark their headings no other way.
 */
function looksLikeTitle(paragraph: string): boolean {
  return (
    !paragraph.includes("\n") &&
    paragraph.length <= 60 &&
    /^\p{Lu}/u.test(paragraph) &&
    !/[.!?,;:)]$/.test(paragraph) &&
    !/^[-*•\d]/.test(paragraph)
  );
}

/** The document as headings and paragraphs (paragraphs are runs of lines without a blank one). */
function* blocks(text: string, titlesByLook: boolean): Generator<Block> {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let paragraph: string[] = [];
  let fenced = false;
  const flush = function* (): Generator<Block> {
    const body = paragraph.join("\n").trim();
    paragraph = [];
    if (body === "") return;
    if (titlesByLook && looksLikeTitle(body)) yield { kind: "heading", level: 2, text: body };
    else yield { kind: "paragraph", text: body };
  };
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const atx = fenced ? null : ATX_HEADING.exec(line);
    if (atx) {
      yield* flush();
      yield { kind: "heading", level: (atx[1] as string).length, text: atx[2] as string };
    } else if (!fenced && paragraph.length === 1 && SETEXT_UNDERLINE.test(line.trim())) {
      const title = (paragraph[0] as string).trim();
      paragraph = [];
      yield { kind: "heading", level: line.trim().startsWith("=") ? 1 : 2, text: title };
    } else if (!fenced && line.trim() === "") {
      yield* flush();
    } else {
      paragraph.push(line.trimEnd());
    }
  }
  yield* flush();
}

/** Pieces of a paragraph no longer than `max`: cut between sentences, else between words. */
function pieces(paragraph: string, max: number): string[] {
  if (paragraph.length <= max) return [paragraph];
  const out: string[] = [];
  let current = "";
  const push = (part: string) => {
    if (current !== "" && current.length + 1 + part.length > max) {
      out.push(current);
      current = "";
    }
    current = current === "" ? part : `${current} ${part}`;
  };
  for (const sentence of paragraph.split(/(?<=[.!?。！？])\s+/u)) {
    if (sentence.length <= max) {
      push(sentence);
      continue;
    }
    for (const word of sentence.split(/\s+/)) {
      // A "word" longer than a passage (a URL, a run without spaces) is cut where it must be.
      for (let i = 0; i < word.length; i += max) push(word.slice(i, i + max));
    }
  }
  if (current !== "") out.push(current);
  return out;
}

/** The end of a passage to repeat: whole sentences (or words) within `chars`. */
function tail(text: string, chars: number): string {
  if (chars <= 0) return "";
  const sentences = text.split(/(?<=[.!?。！？])\s+/u);
  let kept = "";
  for (let i = sentences.length - 1; i >= 0; i--) {
    const next = kept === "" ? (sentences[i] as string) : `${sentences[i]} ${kept}`;
    if (next.length > chars) break;
    kept = next;
  }
  if (kept !== "" && kept.length < text.length) return kept;
  const words = text.slice(-chars).split(/\s+/).slice(1).join(" ");
  return words.length < text.length ? words : "";
}

/**
 * The passages of `text`, in order. `titlesByLook` also takes short lone lines for headings
 * (for plain text and PDFs, which have no heading markup).
 */
export function* chunkText(
  text: string,
  options: ChunkingOptions = DEFAULT_CHUNKING,
  titlesByLook = false,
): Generator<Chunk> {
  const path: Array<{ level: number; text: string }> = [];
  let heading = "";
  let parts: string[] = [];
  let length = 0;
  let carried = false;
  let position = 0;

  const close = (): Chunk | null => {
    const body = parts.join("\n\n").trim();
    const onlyCarried = carried && parts.length === 1;
    parts = [];
    length = 0;
    carried = false;
    if (body === "" || onlyCarried) return null;
    return { position: position++, heading, text: body };
  };

  for (const block of blocks(text, titlesByLook)) {
    if (block.kind === "heading") {
      const done = close();
      if (done) yield done;
      while (path.length > 0 && (path.at(-1)?.level ?? 0) >= block.level) path.pop();
      path.push({ level: block.level, text: block.text.replace(/\s+/g, " ").trim() });
      heading = path.map((h) => h.text).join(" › ");
      continue;
    }
    // A paragraph cut in pieces leaves room in each for the overlap that comes before it.
    const room =
      block.text.length > options.maxChars
        ? options.maxChars - options.overlapChars - 2
        : options.maxChars;
    for (const piece of pieces(block.text, room)) {
      if (length > 0 && length + 2 + piece.length > options.maxChars) {
        // Only the overlap so far, and the piece does not fit beside it: start without it.
        const previous = carried && parts.length === 1 ? "" : parts.join("\n\n");
        const done = close();
        if (done) yield done;
        const overlap = tail(
          previous,
          Math.min(options.overlapChars, options.maxChars - piece.length - 2),
        );
        if (overlap !== "") {
          parts.push(overlap);
          length = overlap.length;
          carried = true;
        }
      }
      parts.push(piece);
      length += (length > 0 ? 2 : 0) + piece.length;
      if (length >= options.targetChars) {
        const previous = parts.join("\n\n");
        const done = close();
        if (done) yield done;
        const overlap = tail(previous, options.overlapChars);
        if (overlap !== "") {
          parts.push(overlap);
          length = overlap.length;
          carried = true;
        }
      }
    }
  }
  const last = close();
  if (last) yield last;
}
