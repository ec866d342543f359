import type * as fontkit from "@pdf-lib/fontkit";
import { PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";
import { EXPORT_FONT_COUNT, exportFont, fontFor, unshapedFontkit } from "./cjk-fonts";
import { formatOffset, headerFields, lineWords, type Transcript } from "./transcript";
import { wrapText } from "./wrap-text";

/**
 * A transcript as a paginated A4 PDF: the call's header, then each line with its time and
 * speaker, wrapped to the page. Past `MAX_PDF_LINES` the PDF stops with a note pointing at the
 * txt and json exports, which have no limit. Work yields to the event loop after every page and
 * while saving, so a long transcript does not hold up live calls.
 */
export const MAX_PDF_LINES = 5000;

const PAGE = { width: 595.28, height: 841.89, margin: 50 };
const SIZE = 10;
const LEADING = 14;
const COLUMNS = { time: PAGE.margin, speaker: PAGE.margin + 48, text: PAGE.margin + 100 };
const GREY = rgb(0.42, 0.42, 0.42);
const INK = rgb(0.1, 0.1, 0.1);
const SPEAKER_COLOURS: Record<string, ReturnType<typeof rgb>> = {
  Caller: rgb(0.1, 0.32, 0.65),
  Agent: rgb(0.1, 0.48, 0.26),
  Tool: rgb(0.66, 0.4, 0.05),
  System: GREY,
};

/** Stands in for a character no embedded font has, so nothing prints as an empty box. */
const MISSING = "?";

export async function transcriptPdf(
  transcript: Transcript,
  maxLines = MAX_PDF_LINES,
): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(unshapedFontkit);
  doc.setTitle(`Transcript ${transcript.callId}`);
  doc.setProducer("Astra Voice");
  doc.setCreator("Astra Voice");
  const writer = new PageWriter(doc, await FontSet.load(doc, transcript));

  writer.heading("Call transcript");
  for (const [label, value] of headerFields(transcript)) {
    await writer.row([{ x: COLUMNS.time, text: `${label}:`, colour: GREY }], COLUMNS.text, value);
  }
  writer.gap();

  const shown = transcript.lines.slice(0, maxLines);
  for (const line of shown) {
    const { speaker, text, marks } = lineWords(line);
    const flagged = marks.length > 0 ? `${text} [${marks.join("; ")}]` : text;
    await writer.row(
      [
        { x: COLUMNS.time, text: formatOffset(line.offsetMs), colour: GREY },
        { x: COLUMNS.speaker, text: speaker, colour: SPEAKER_COLOURS[speaker] ?? INK },
      ],
      COLUMNS.text,
      flagged,
    );
  }
  const left = transcript.lines.length - shown.length;
  if (left > 0) {
    writer.gap();
    await writer.row(
      [],
      COLUMNS.time,
      `… ${left} more lines are not in this PDF: the txt and json exports have the whole transcript.`,
    );
  }
  writer.footers(transcript.callId);
  return new Uint8Array(await doc.save({ objectsPerTick: 25 }));
}

/** The embedded fonts (only those the transcript needs) and how to draw text across them. */
class FontSet {
  private constructor(
    private readonly fonts: Array<{ pdf: PDFFont; font: fontkit.Font } | null>,
    private readonly choice: Map<string, number>,
  ) {}

  static async load(doc: PDFDocument, transcript: Transcript): Promise<FontSet> {
    const choice = new Map<string, number>();
    const needed = new Set<number>([0]);
    const all = [
      ...headerFields(transcript).flat(),
      ...transcript.lines.map((l) => lineWords(l).text),
    ];
    for (const text of all) {
      for (const char of text) {
        if (choice.has(char)) continue;
        const index = await fontFor(char.codePointAt(0) ?? 0);
        choice.set(char, index);
        if (index >= 0) needed.add(index);
      }
    }
    const fonts: Array<{ pdf: PDFFont; font: fontkit.Font } | null> = [];
    for (let i = 0; i < EXPORT_FONT_COUNT; i++) {
      if (!needed.has(i)) {
        fonts.push(null);
        continue;
      }
      const loaded = await exportFont(i);
      fonts.push({ pdf: await doc.embedFont(loaded.bytes, { subset: true }), font: loaded.font });
    }
    return new FontSet(fonts, choice);
  }

  /** The text cut into runs that one font draws each. */
  runs(text: string): Array<{ font: { pdf: PDFFont; font: fontkit.Font }; text: string }> {
    const runs: Array<{ font: { pdf: PDFFont; font: fontkit.Font }; text: string }> = [];
    for (const raw of text) {
      const index = this.choice.get(raw) ?? 0;
      const char = index < 0 ? MISSING : /\s/.test(raw) ? " " : raw;
      const font = this.fonts[Math.max(index, 0)] ?? this.primary;
      const last = runs.at(-1);
      if (last && last.font === font) last.text += char;
      else runs.push({ font, text: char });
    }
    return runs;
  }

  private get primary(): { pdf: PDFFont; font: fontkit.Font } {
    const font = this.fonts[0];
    if (!font) throw new Error("the primary export font is not embedded");
    return font;
  }

  width(text: string, size: number): number {
    let units = 0;
    for (const char of text) units += this.advance(char);
    return units * size;
  }

  private readonly advances = new Map<string, number>();

  /** A character's advance in ems, in the font that draws it. */
  private advance(char: string): number {
    let advance = this.advances.get(char);
    if (advance === undefined) {
      const index = this.choice.get(char) ?? -1;
      const drawn = index < 0 ? MISSING : /\s/.test(char) ? " " : char;
      const { font } = this.fonts[Math.max(index, 0)] ?? this.primary;
      advance = font.glyphForCodePoint(drawn.codePointAt(0) ?? 0).advanceWidth / font.unitsPerEm;
      this.advances.set(char, advance);
    }
    return advance;
  }
}

/** Lays rows down the page and starts a new page when one is full. */
class PageWriter {
  private page: PDFPage;
  private y = 0;
  private readonly pages: PDFPage[] = [];

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: FontSet,
  ) {
    this.page = this.newPage();
  }

  private newPage(): PDFPage {
    const page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(page);
    this.y = PAGE.height - PAGE.margin;
    return page;
  }

  heading(text: string): void {
    this.draw(text, PAGE.margin, this.y - 16, 16, INK);
    this.y -= 30;
  }

  gap(): void {
    this.y -= LEADING / 2;
  }

  /** Labels on the row's first line, and `text` wrapped from `textX` to the right margin. */
  async row(
    labels: Array<{ x: number; text: string; colour: ReturnType<typeof rgb> }>,
    textX: number,
    text: string,
  ): Promise<void> {
    const width = PAGE.width - PAGE.margin - textX;
    const wrapped = wrapText(text, width, (part) => this.fonts.width(part, SIZE));
    for (const [index, line] of wrapped.entries()) {
      if (this.y - LEADING < PAGE.margin + LEADING) {
        this.page = this.newPage();
        // Between pages other work (live calls) gets its turn.
        await new Promise((resolve) => setImmediate(resolve));
      }
      this.y -= LEADING;
      if (index === 0) {
        for (const label of labels) this.draw(label.text, label.x, this.y, SIZE, label.colour);
      }
      this.draw(line, textX, this.y, SIZE, INK);
    }
  }

  footers(callId: string): void {
    for (const [index, page] of this.pages.entries()) {
      this.page = page;
      const text = `Page ${index + 1} of ${this.pages.length} — ${callId}`;
      this.draw(text, PAGE.margin, PAGE.margin - 20, 8, GREY);
    }
  }

  private draw(text: string, x: number, y: number, size: number, colour: ReturnType<typeof rgb>) {
    let at = x;
    for (const run of this.fonts.runs(text)) {
      this.page.drawText(run.text, { x: at, y, size, font: run.font.pdf, color: colour });
      at += this.fonts.width(run.text, size);
    }
  }
}
