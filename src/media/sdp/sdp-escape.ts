/**
 * Restores SDP that reached us escaped once too often: JSON handling upstream sometimes leaves
 * literal `\r\n` (backslash, r, backslash, n) in place of line breaks, which peers then refuse
 * with a parse error. Real line breaks are normalised to CRLF at the same time.
 */
export function unescapeSdp(text: string): string {
  const unescaped = text.replace(/\\r\\n|\\n|\\r/g, "\n");
  const lines = unescaped.split(/\r\n|\n|\r/).filter((line) => line !== "");
  return `${lines.join("\r\n")}\r\n`;
}
