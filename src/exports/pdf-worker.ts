/**
 * Renders transcript PDFs off the main thread: laying out and subsetting fonts for a long
 * transcript takes a CPU-second, which on the main thread would delay every live call's audio.
 */
import type { Transcript } from "./transcript";
import { transcriptPdf } from "./transcript-pdf";

addEventListener("message", async (event: MessageEvent<{ id: number; transcript: Transcript }>) => {
  const { id, transcript } = event.data;
  try {
    const pdf = await transcriptPdf(transcript);
    postMessage({ id, pdf }, { transfer: [pdf.buffer] });
  } catch (error) {
    postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
