import { formatOffset, headerFields, lineWords, type Transcript } from "./transcript";

/** A plain-text transcript: the header, a blank line, then `[m:ss.t] Speaker: text [marks]`. */
export function transcriptText(transcript: Transcript): string {
  const header = headerFields(transcript).map(([label, value]) => `${label}: ${value}`);
  const lines = transcript.lines.map((line) => {
    const { speaker, text, marks } = lineWords(line);
    const flagged = marks.map((mark) => ` [${mark}]`).join("");
    return `[${formatOffset(line.offsetMs)}] ${speaker}: ${text}${flagged}`;
  });
  return `${[...header, "", ...lines].join("\n")}\n`;
}
