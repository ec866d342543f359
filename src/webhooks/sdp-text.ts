import * as v from "valibot";

/** Largest SDP accepted from a webhook; WhatsApp's offers are about 1.5 KB. */
export const MAX_SDP_CHARS = 64 * 1024;

/**
 * Gives an SDP real CRLF line ends. Bodies that were JSON-encoded twice on the way carry the
 * two-character sequences `\r\n` instead, which WebRTC parsers reject; bare LF is fixed too.
 */
export function normaliseSdp(text: string): string {
  const lines = text
    .replace(/\\r\\n|\\n|\\r/g, "\n")
    .split(/\r\n|\n|\r/)
    .map((line) => line.trim());
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.length === 0 ? "" : `${lines.join("\r\n")}\r\n`;
}

/** A webhook's SDP field: a string, normalised, that at least starts like an SDP. */
export const SdpSchema = v.pipe(
  v.string(),
  v.maxLength(MAX_SDP_CHARS, `must be at most ${MAX_SDP_CHARS} characters`),
  v.transform(normaliseSdp),
  v.startsWith("v=", "is not an SDP (must start with v=)"),
);
