import { describe, expect, test } from "bun:test";
import { whatsappFixtureOffer } from "../../../test/caller-peer";
import { MediaError } from "../media-error";
import { parseSdp, rtpMaps, serialiseSdp } from "./sdp-document";
import { unescapeSdp } from "./sdp-escape";

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof MediaError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return "no error";
}

describe("SDP documents", () => {
  test("WhatsApp's offer splits into session lines and one audio section, and writes back unchanged", () => {
    const offer = whatsappFixtureOffer();
    const doc = parseSdp(offer);
    expect(doc.session).toContain("a=ice-lite");
    expect(doc.media.map((m) => [m.kind, m.port, m.proto, m.formats])).toEqual([
      ["audio", "3480", "UDP/TLS/RTP/SAVPF", ["111", "126"]],
    ]);
    expect(doc.media.flatMap(rtpMaps)).toEqual([
      { payloadType: "111", encoding: "opus", clockRate: 48000, channels: 2 },
      { payloadType: "126", encoding: "telephone-event", clockRate: 8000, channels: 1 },
    ]);
    expect(serialiseSdp(doc)).toBe(offer);
  });

  test("LF line endings come back as CRLF", () => {
    const lf = whatsappFixtureOffer().replaceAll("\r\n", "\n");
    expect(serialiseSdp(parseSdp(lf))).toBe(whatsappFixtureOffer());
  });

  test("text that is not SDP is refused with the line at fault", () => {
    expect(codeOf(() => parseSdp("hello"))).toBe("sdp_malformed: an SDP must start with v=0");
    expect(codeOf(() => parseSdp("v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\nnot a line\r\n"))).toBe(
      'sdp_malformed: SDP line 3 is not "<letter>=<value>": not a line',
    );
    expect(codeOf(() => parseSdp("v=0\r\nm=audio\r\n"))).toStartWith(
      "sdp_malformed: SDP line 2 is not a valid m= line",
    );
  });

  test("SDP that arrived with literal \\r\\n sequences is named as such, and unescapeSdp repairs it", () => {
    const offer = whatsappFixtureOffer();
    const escaped = JSON.stringify(offer).slice(1, -1);
    expect(escaped).toContain("\\r\\n");
    expect(codeOf(() => parseSdp(escaped))).toContain("literal \\r\\n");
    expect(unescapeSdp(escaped)).toBe(offer);
    expect(unescapeSdp(offer.replaceAll("\r\n", "\n"))).toBe(offer);
  });
});
