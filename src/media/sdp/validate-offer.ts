import { MediaError } from "../media-error";

/**
 * Checks an SDP offer before any peer connection is made, so a bad offer is refused with a
 * reason and leaves nothing behind. It needs an audio section that can carry Opus over ICE and
 * DTLS-SRTP.
 */
export function validateAudioOffer(sdp: string): void {
  const lines = sdp
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (
    lines[0] !== "v=0" ||
    !lines.some((l) => l.startsWith("o=")) ||
    !lines.some((l) => l.startsWith("m="))
  ) {
    throw new MediaError(
      "sdp_malformed",
      "not an SDP offer (it must start with v=0 and have o= and m= lines)",
    );
  }
  const sections = splitMediaSections(lines);
  const audio = sections.find((s) => s[0]?.startsWith("m=audio "));
  if (!audio) throw new MediaError("sdp_no_audio", "the offer has no audio section (m=audio)");
  const session = lines.slice(
    0,
    lines.findIndex((l) => l.startsWith("m=")),
  );
  const has = (prefix: string) =>
    audio.some((l) => l.startsWith(prefix)) || session.some((l) => l.startsWith(prefix));
  if (!audio.some((l) => /^a=rtpmap:\d+ opus\/48000/i.test(l))) {
    throw new MediaError("sdp_no_opus", "the audio section does not offer Opus (opus/48000)");
  }
  if (!has("a=ice-ufrag:") || !has("a=ice-pwd:")) {
    throw new MediaError(
      "sdp_malformed",
      "the offer has no ICE credentials (a=ice-ufrag / a=ice-pwd)",
    );
  }
  if (!has("a=fingerprint:")) {
    throw new MediaError("sdp_malformed", "the offer has no DTLS fingerprint (a=fingerprint)");
  }
}

function splitMediaSections(lines: string[]): string[][] {
  const sections: string[][] = [];
  for (const line of lines) {
    if (line.startsWith("m=")) sections.push([line]);
    else sections.at(-1)?.push(line);
  }
  return sections;
}
