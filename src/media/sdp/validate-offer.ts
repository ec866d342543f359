import { MediaError } from "../media-error";
import {
  attributeValues,
  hasFlag,
  isLive,
  parseSdp,
  rtpMaps,
  type SdpDocument,
  type SdpMediaSection,
} from "./sdp-document";

/** What the rest of the call needs to know about a peer's audio SDP. */
export interface AudioSdpSummary {
  /** Index of the first live m=audio section. */
  audioIndex: number;
  opusPayloadType: number;
  /** RFC 4733 telephone-event payload types offered, if any. */
  telephoneEventPayloadTypes: number[];
  /** The peer is an ICE-lite agent (WhatsApp is), so we must be a full agent. */
  iceLite: boolean;
  /** a=setup value (actpass, active, passive), or null when absent. */
  setup: string | null;
  candidateCount: number;
}

/**
 * Checks an SDP offer before any peer connection exists, so a bad offer is refused with a
 * reason and leaves nothing behind: it must parse, and carry a live audio section with Opus
 * over ICE and DTLS-SRTP.
 */
export function validateAudioOffer(sdp: string): AudioSdpSummary {
  return validateAudioSdp(sdp, "offer");
}

/** The same checks for an answer to our own offer (outbound calls). */
export function validateAudioAnswer(sdp: string): AudioSdpSummary {
  return validateAudioSdp(sdp, "answer");
}

function validateAudioSdp(sdp: string, kind: "offer" | "answer"): AudioSdpSummary {
  const doc = parseSdp(sdp);
  if (!doc.session.some((line) => line.startsWith("o="))) {
    throw new MediaError("sdp_malformed", `the ${kind} has no o= line`);
  }
  const audioIndex = doc.media.findIndex((m) => m.kind === "audio" && isLive(m));
  const audio = doc.media[audioIndex];
  if (!audio) {
    const why = doc.media.some((m) => m.kind === "audio") ? " (its port is 0)" : "";
    throw new MediaError("sdp_no_audio", `the ${kind} has no usable audio section${why}`);
  }
  if (!audio.proto.includes("SAVP")) {
    throw new MediaError(
      "sdp_malformed",
      `the ${kind}'s audio must use DTLS-SRTP (UDP/TLS/RTP/SAVPF), not ${audio.proto}`,
    );
  }
  const opus = rtpMaps(audio).find(
    (map) => map.encoding === "opus" && audio.formats.includes(map.payloadType),
  );
  if (!opus) {
    throw new MediaError("sdp_no_opus", `the ${kind}'s audio section does not offer Opus`);
  }
  const find = (name: string) => firstValue(doc, audio, name);
  if (!find("ice-ufrag") || !find("ice-pwd")) {
    throw new MediaError(
      "sdp_malformed",
      `the ${kind} has no ICE credentials (a=ice-ufrag and a=ice-pwd)`,
    );
  }
  if (!find("fingerprint")) {
    throw new MediaError("sdp_malformed", `the ${kind} has no DTLS fingerprint (a=fingerprint)`);
  }
  return {
    audioIndex,
    opusPayloadType: Number(opus.payloadType),
    telephoneEventPayloadTypes: rtpMaps(audio)
      .filter((map) => map.encoding === "telephone-event")
      .map((map) => Number(map.payloadType)),
    iceLite: hasFlag(doc.session, "ice-lite") || hasFlag(audio.lines, "ice-lite"),
    setup: find("setup"),
    candidateCount: attributeValues(audio.lines, "candidate").length,
  };
}

/** Media-level value first, then session-level: SDP lets either carry ICE and DTLS lines. */
function firstValue(doc: SdpDocument, section: SdpMediaSection, name: string): string | null {
  return attributeValues(section.lines, name)[0] ?? attributeValues(doc.session, name)[0] ?? null;
}
