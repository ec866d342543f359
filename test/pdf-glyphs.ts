import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream } from "pdf-lib";

/**
 * Every glyph id the PDF's pages draw with (the hex strings shown by `Tj`), to check that none
 * is 0, the `.notdef` box a font shows for a character it lacks.
 */
export async function drawnGlyphIds(bytes: Uint8Array): Promise<number[]> {
  const doc = await PDFDocument.load(bytes);
  const ids: number[] = [];
  for (const page of doc.getPages()) {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray() : [contents];
    for (const ref of streams) {
      const stream = ref && doc.context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      const text = new TextDecoder("latin1").decode(decodePDFRawStream(stream).decode());
      for (const match of text.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) {
        const hex = match[1] ?? "";
        for (let at = 0; at < hex.length; at += 4)
          ids.push(Number.parseInt(hex.slice(at, at + 4), 16));
      }
    }
  }
  return ids;
}
