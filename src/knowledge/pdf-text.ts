import { getDocumentProxy } from "unpdf";

/** Pages read from one PDF; the rest is left out. */
export const MAX_PDF_PAGES = 1000;

interface TextPiece {
  str?: string;
  hasEOL?: boolean;
  transform?: number[];
  height?: number;
}

/** One page's text: a line per visual line, a blank line where the gap says a paragraph ended. */
function pageText(items: readonly TextPiece[]): string {
  let text = "";
  let lastY: number | null = null;
  let lastHeight = 0;
  for (const item of items) {
    if (typeof item.str !== "string") continue;
    const y = item.transform?.[5];
    if (lastY !== null && y !== undefined && text.endsWith("\n")) {
      const gap = Math.abs(lastY - y);
      if (lastHeight > 0 && gap > lastHeight * 1.8) text += "\n";
    }
    text += item.str;
    if (item.hasEOL) text += "\n";
    if (y !== undefined) lastY = y;
    if (item.height) lastHeight = item.height;
  }
  return text.trim();
}

/**
 * The text of a PDF, page by page (pages apart by a blank line), yielding to the event loop
 * between pages. Throws when the bytes are not a PDF it can read; scanned pages have no text.
 */
export async function pdfText(bytes: Uint8Array, signal?: AbortSignal): Promise<string> {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    const pages: string[] = [];
    const count = Math.min(pdf.numPages, MAX_PDF_PAGES);
    for (let n = 1; n <= count; n++) {
      signal?.throwIfAborted();
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      pages.push(pageText(content.items as TextPiece[]));
      page.cleanup();
      await new Promise((resolve) => setImmediate(resolve));
    }
    return pages.filter((p) => p !== "").join("\n\n");
  } finally {
    await pdf.loadingTask.destroy();
  }
}
