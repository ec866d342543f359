import type { DocumentFormat } from "../domain/knowledge";
import { htmlToTextInSlices } from "./html-text";
import { pdfText } from "./pdf-text";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A document ingestion cannot read; the message is shown to the tenant as the reason. */
export class UnreadableDocument extends Error {
  override name = "UnreadableDocument";
}

/** Text of more characters than this is refused: ingestion work per document stays bounded. */
export const MAX_DOCUMENT_CHARS = 2_000_000;

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new UnreadableDocument("the file is not UTF-8 text");
  }
}

/** The readable text of an uploaded document, in the Markdown-like form the chunker reads. */
export async function documentText(
  format: DocumentFormat,
  bytes: Uint8Array,
  signal?: AbortSignal,
): Promise<string> {
  let text: string;
  switch (format) {
    case "text":
    case "markdown":
      text = utf8(bytes);
      break;
    case "html":
      text = await htmlToTextInSlices(utf8(bytes), nextTurn);
      break;
    case "pdf":
      try {
        text = await pdfText(bytes, signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        const kind = error instanceof Error ? error.name : "error";
        throw new UnreadableDocument(`the PDF could not be read (${kind})`);
      }
      break;
  }
  if (text.trim() === "") {
    throw new UnreadableDocument(
      format === "pdf"
        ? "the PDF has no text (scanned pages are images of text, which are not read)"
        : "the document has no text",
    );
  }
  if (text.length > MAX_DOCUMENT_CHARS) {
    throw new UnreadableDocument(
      `the document's text is ${text.length} characters, over the limit of ${MAX_DOCUMENT_CHARS}`,
    );
  }
  return text;
}

/** Plain text and PDFs mark headings only by look (a short line on its own). */
export const headingsByLook = (format: DocumentFormat) => format === "text" || format === "pdf";
