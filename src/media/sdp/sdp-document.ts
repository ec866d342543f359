import { MediaError } from "../media-error";

/**
 * An SDP split into its session part and its media sections, line by line, so that rules can
 * look at and rewrite single lines without regular expressions over the whole text.
 */
export interface SdpDocument {
  /** Session-level lines (v=, o=, s=, t=, a=group, ...), without line endings. */
  session: string[];
  media: SdpMediaSection[];
}

export interface SdpMediaSection {
  /** "audio", "video", "application". */
  kind: string;
  /** The port as written ("9", "0" for a rejected section). */
  port: string;
  /** "UDP/TLS/RTP/SAVPF" and the like. */
  proto: string;
  /** Payload types (or "webrtc-datachannel"), in preference order. */
  formats: string[];
  /** Every line after the m= line, without line endings. */
  lines: string[];
}

export interface RtpMap {
  payloadType: string;
  encoding: string;
  clockRate: number;
  channels: number;
}

const LINE = /^[a-z]=/;
const M_LINE = /^m=(\S+) (\S+) (\S+)(?: (.*))?$/;

/** Parses SDP text (CRLF or LF). Throws MediaError("sdp_malformed") saying which line is wrong. */
export function parseSdp(text: string): SdpDocument {
  if (text.includes("\\r\\n")) {
    throw new MediaError(
      "sdp_malformed",
      "the SDP contains literal \\r\\n escape sequences (escaped twice?); unescape it first",
    );
  }
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines[0] !== "v=0") throw new MediaError("sdp_malformed", "an SDP must start with v=0");
  const doc: SdpDocument = { session: [], media: [] };
  lines.forEach((line, index) => {
    if (!LINE.test(line)) {
      throw new MediaError(
        "sdp_malformed",
        `SDP line ${index + 1} is not "<letter>=<value>": ${line.slice(0, 60)}`,
      );
    }
    if (line.startsWith("m=")) doc.media.push(parseMediaLine(line, index));
    else (doc.media.at(-1)?.lines ?? doc.session).push(line);
  });
  return doc;
}

function parseMediaLine(line: string, index: number): SdpMediaSection {
  const match = M_LINE.exec(line);
  if (!match) {
    throw new MediaError("sdp_malformed", `SDP line ${index + 1} is not a valid m= line: ${line}`);
  }
  const [, kind = "", port = "", proto = "", formats = ""] = match;
  return { kind, port, proto, formats: formats.split(" ").filter(Boolean), lines: [] };
}

/** Writes the document back as SDP text with CRLF line endings (the form peers expect). */
export function serialiseSdp(doc: SdpDocument): string {
  const lines = [...doc.session];
  for (const m of doc.media) {
    lines.push(`m=${[m.kind, m.port, m.proto, ...m.formats].join(" ")}`, ...m.lines);
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** Values of every `a=<name>:<value>` line. */
export function attributeValues(lines: readonly string[], name: string): string[] {
  const prefix = `a=${name}:`;
  return lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length));
}

/** Whether a value-less `a=<name>` line (like a=ice-lite) is present. */
export function hasFlag(lines: readonly string[], name: string): boolean {
  return lines.includes(`a=${name}`);
}

/** The section's a=rtpmap lines, parsed. */
export function rtpMaps(section: SdpMediaSection): RtpMap[] {
  const maps: RtpMap[] = [];
  for (const value of attributeValues(section.lines, "rtpmap")) {
    const match = /^(\d+) ([^/\s]+)\/(\d+)(?:\/(\d+))?/.exec(value);
    if (!match) continue;
    const [, payloadType = "", encoding = "", clockRate = "0", channels = "1"] = match;
    maps.push({
      payloadType,
      encoding: encoding.toLowerCase(),
      clockRate: Number(clockRate),
      channels: Number(channels),
    });
  }
  return maps;
}

/** A section is live when its port is not 0 (port 0 rejects or disables it). */
export function isLive(section: SdpMediaSection): boolean {
  return section.port.split("/")[0] !== "0";
}

/** The payload type a line refers to (a=rtpmap:111 ..., a=fmtp:111 ..., a=rtcp-fb:111 ...). */
export function payloadTypeOf(line: string): string | null {
  const match = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+|\*) /.exec(line);
  return match?.[1] ?? null;
}
