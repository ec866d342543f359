import { parseSdp, rtpMaps, type SdpMediaSection, serialiseSdp } from "./sdp-document";

/**
 * Adds `usedtx=1` to every Opus format's parameters (RFC 7587: the receiver prefers DTX). Put in
 * the peer's description before it is applied, it makes libwebrtc's Opus encoder on our side
 * send a packet about every 400 ms instead of every 20 ms while the agent is silent; put in our
 * own description, it asks the peer's encoder to do the same with the caller's silence.
 */
export function withOpusDtx(sdp: string): string {
  const doc = parseSdp(sdp);
  const media = doc.media.map((section) =>
    section.kind === "audio" ? dtxSection(section) : section,
  );
  return serialiseSdp({ session: doc.session, media });
}

function dtxSection(section: SdpMediaSection): SdpMediaSection {
  const opus = rtpMaps(section)
    .filter((map) => map.encoding.toLowerCase() === "opus")
    .map((map) => map.payloadType);
  if (opus.length === 0) return section;
  const lines = [...section.lines];
  for (const payloadType of opus) {
    const at = lines.findIndex((line) => line.startsWith(`a=fmtp:${payloadType} `));
    if (at === -1) {
      const rtpmap = lines.findIndex((line) => line.startsWith(`a=rtpmap:${payloadType} `));
      lines.splice(rtpmap + 1, 0, `a=fmtp:${payloadType} usedtx=1`);
      continue;
    }
    const line = lines[at] as string;
    const params = line
      .slice(line.indexOf(" ") + 1)
      .split(";")
      .map((p) => p.trim());
    const kept = params.filter((p) => p !== "" && !p.startsWith("usedtx="));
    lines[at] = `a=fmtp:${payloadType} ${[...kept, "usedtx=1"].join(";")}`;
  }
  return { ...section, lines };
}
