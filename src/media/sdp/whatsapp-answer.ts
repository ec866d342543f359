import { MediaError } from "../media-error";
import {
  attributeValues,
  isLive,
  parseSdp,
  payloadTypeOf,
  rtpMaps,
  type SdpMediaSection,
  serialiseSdp,
} from "./sdp-document";
import { unescapeSdp } from "./sdp-escape";

/**
 * Rewrites our WebRTC answer into the form WhatsApp's media servers accept (Meta's calling
 * reference, "Media"): a full ICE agent (no a=ice-lite) with every candidate already in the SDP (no
 * trickle), the DTLS client (a=setup:active), only the sha-256 fingerprint in upper-case hex,
 * exactly one m=audio carrying mono Opus (plus telephone-event if it was negotiated), CRLF.
 */
export function shapeAnswerForWhatsApp(answerSdp: string): string {
  const doc = parseSdp(unescapeSdp(answerSdp));
  const audio = doc.media.find((m) => m.kind === "audio" && isLive(m));
  if (!audio) throw new MediaError("sdp_no_audio", "the answer has no usable audio section");
  const shaped = shapeAudioSection(audio);
  const mid = attributeValues(shaped.lines, "mid")[0];
  const session = shapeCommonLines(doc.session).flatMap((line) => {
    if (line.startsWith("a=group:BUNDLE"))
      return mid === undefined ? [] : [`a=group:BUNDLE ${mid}`];
    return line.startsWith("a=setup:") ? [] : [line];
  });
  const fingerprints = [...session, ...shaped.lines].filter((l) => l.startsWith("a=fingerprint:"));
  if (fingerprints.length === 0) {
    throw new MediaError("sdp_malformed", "the answer has no sha-256 DTLS fingerprint");
  }
  return serialiseSdp({ session, media: [shaped] });
}

function shapeAudioSection(audio: SdpMediaSection): SdpMediaSection {
  const maps = rtpMaps(audio);
  const opus = maps.find((map) => map.encoding === "opus");
  if (!opus) throw new MediaError("sdp_no_opus", "the answer's audio section has no Opus");
  const kept = new Set([
    opus.payloadType,
    ...maps.filter((map) => map.encoding === "telephone-event").map((map) => map.payloadType),
  ]);
  const lines = shapeCommonLines(audio.lines).flatMap((line) => {
    const payloadType = payloadTypeOf(line);
    if (payloadType !== null && payloadType !== "*" && !kept.has(payloadType)) return [];
    if (line.startsWith(`a=fmtp:${opus.payloadType} `)) return monoOpusFmtp(line);
    return line.startsWith("a=setup:") ? [] : [line];
  });
  // One setup line, where WebRTC stacks put it: just before a=mid.
  const midAt = lines.findIndex((line) => line.startsWith("a=mid:"));
  lines.splice(midAt === -1 ? lines.length : midAt, 0, "a=setup:active");
  return { ...audio, formats: audio.formats.filter((pt) => kept.has(pt)), lines };
}

/** Rules that hold at session and media level alike: ICE-lite, trickle, fingerprints. */
function shapeCommonLines(lines: readonly string[]): string[] {
  return lines.flatMap((line) => {
    if (line === "a=ice-lite") return [];
    if (line.startsWith("a=ice-options:")) {
      const options = line.slice("a=ice-options:".length).split(" ");
      const rest = options.filter((option) => option !== "trickle" && option !== "");
      return rest.length === 0 ? [] : [`a=ice-options:${rest.join(" ")}`];
    }
    if (line.startsWith("a=fingerprint:")) {
      const [hash = "", value = ""] = line.slice("a=fingerprint:".length).split(" ");
      return hash.toLowerCase() === "sha-256"
        ? [`a=fingerprint:sha-256 ${value.toUpperCase()}`]
        : [];
    }
    return [line];
  });
}

/** Drops stereo parameters (the call is mono both ways), and the line if nothing is left. */
function monoOpusFmtp(line: string): string[] {
  const space = line.indexOf(" ");
  const params = line
    .slice(space + 1)
    .split(";")
    .map((param) => param.trim())
    .filter((param) => param !== "" && !/^(sprop-)?stereo=/.test(param));
  return params.length === 0 ? [] : [`${line.slice(0, space)} ${params.join(";")}`];
}

/**
 * Our offer for a call we place on WhatsApp: the same ICE, fingerprint and mono-Opus rules as an
 * answer, but the DTLS role stays `actpass` for the callee to choose.
 */
export function shapeOfferForWhatsApp(offerSdp: string): string {
  const doc = parseSdp(unescapeSdp(offerSdp));
  const media = doc.media.map((section) =>
    section.kind === "audio"
      ? {
          ...section,
          lines: shapeCommonLines(section.lines).flatMap((line) => {
            const opusFmtp = rtpMaps(section).find((m) => m.encoding === "opus")?.payloadType;
            return opusFmtp && line.startsWith(`a=fmtp:${opusFmtp} `) ? monoOpusFmtp(line) : [line];
          }),
        }
      : section,
  );
  return serialiseSdp({ session: shapeCommonLines(doc.session), media });
}
