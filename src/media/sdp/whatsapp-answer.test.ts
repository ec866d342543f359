import { describe, expect, test } from "bun:test";
import { MediaError } from "../media-error";
import { parseSdp, rtpMaps } from "./sdp-document";
import { validateAudioAnswer } from "./validate-offer";
import { shapeAnswerForWhatsApp, shapeOfferForWhatsApp } from "./whatsapp-answer";

/** An answer with every habit WhatsApp refuses, written with LF line endings. */
const messyAnswer = [
  "v=0",
  "o=- 42 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "a=group:BUNDLE 0 1",
  "a=ice-lite",
  "a=msid-semantic: WMS",
  "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 0 126",
  "c=IN IP4 0.0.0.0",
  "a=candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host generation 0",
  "a=ice-ufrag:abcd",
  "a=ice-pwd:abcdefghijklmnopqrstuvwx",
  "a=ice-options:trickle renomination",
  "a=fingerprint:sha-512 aa:bb",
  "a=fingerprint:sha-256 4a:79:1c:2b:07:8f:3e:a5:92:66:1b:7e:3d:c0:55:ab:19:5e:08:f3:9c:74:1d:a0:6b:2e:c5:88:47:d3:9a:12",
  "a=setup:passive",
  "a=mid:0",
  "a=sendrecv",
  "a=rtcp-mux",
  "a=rtpmap:111 opus/48000/2",
  "a=rtcp-fb:111 transport-cc",
  "a=fmtp:111 minptime=10;stereo=1;sprop-stereo=1;useinbandfec=1",
  "a=rtpmap:63 red/48000/2",
  "a=fmtp:63 111/111",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:126 telephone-event/8000",
  "m=video 9 UDP/TLS/RTP/SAVPF 96",
  "a=mid:1",
  "a=rtpmap:96 VP8/90000",
  "",
].join("\n");

describe("answers shaped for WhatsApp", () => {
  const shaped = shapeAnswerForWhatsApp(messyAnswer);
  const doc = parseSdp(shaped);
  const audio = doc.media[0];
  const all = [...doc.session, ...(audio?.lines ?? [])];

  test("a full ICE agent with no trickle: no ice-lite, ice-options keeps only other options", () => {
    expect(all).not.toContain("a=ice-lite");
    expect(all.filter((l) => l.startsWith("a=ice-options:"))).toEqual([
      "a=ice-options:renomination",
    ]);
    expect(all.filter((l) => l.startsWith("a=candidate:"))).toHaveLength(1);
  });

  test("the DTLS client, with only an upper-case sha-256 fingerprint", () => {
    expect(all.filter((l) => l.startsWith("a=setup:"))).toEqual(["a=setup:active"]);
    expect(all.filter((l) => l.startsWith("a=fingerprint:"))).toEqual([
      "a=fingerprint:sha-256 4A:79:1C:2B:07:8F:3E:A5:92:66:1B:7E:3D:C0:55:AB:19:5E:08:F3:9C:74:1D:A0:6B:2E:C5:88:47:D3:9A:12",
    ]);
  });

  test("exactly one m=audio with mono Opus and telephone-event, bundled alone", () => {
    expect(doc.media.map((m) => [m.kind, m.formats])).toEqual([["audio", ["111", "126"]]]);
    expect(audio && rtpMaps(audio).map((m) => m.encoding)).toEqual(["opus", "telephone-event"]);
    expect(all.filter((l) => l.startsWith("a=fmtp:"))).toEqual([
      "a=fmtp:111 minptime=10;useinbandfec=1",
    ]);
    expect(doc.session).toContain("a=group:BUNDLE 0");
  });

  test("CRLF line endings throughout, and the result is a valid audio answer", () => {
    expect(shaped.split("\r\n").every((line) => !line.includes("\n"))).toBe(true);
    expect(shaped.endsWith("\r\n")).toBe(true);
    expect(validateAudioAnswer(shaped).opusPayloadType).toBe(111);
  });

  test("escaped input is repaired; shaping twice changes nothing", () => {
    const escaped = messyAnswer.replaceAll("\n", "\\r\\n");
    expect(shapeAnswerForWhatsApp(escaped)).toBe(shaped);
    expect(shapeAnswerForWhatsApp(shaped)).toBe(shaped);
  });

  test("an answer without Opus or without a sha-256 fingerprint cannot be shaped", () => {
    const codes = [
      messyAnswer.replace("opus/48000/2", "ISAC/16000"),
      messyAnswer.replace(/a=fingerprint:sha-256 .*\n/, ""),
    ].map((sdp) => {
      try {
        shapeAnswerForWhatsApp(sdp);
        return "shaped";
      } catch (error) {
        return error instanceof MediaError ? error.code : "other";
      }
    });
    expect(codes).toEqual(["sdp_no_opus", "sdp_malformed"]);
  });
});

describe("shapeOfferForWhatsApp", () => {
  test("our offer keeps actpass but follows WhatsApp's ICE, fingerprint and mono rules", async () => {
    const { createWebRtcOffer } = await import("../webrtc/create-offer");
    const offer = await createWebRtcOffer();
    try {
      const withExtras = offer.offerSdp
        .replace(
          /(a=fingerprint:sha-256 )(\S+)/,
          (_, p, v: string) => `${p}${v.toLowerCase()}\r\na=fingerprint:sha-512 AB:CD`,
        )
        .replace(/(a=fmtp:111 \S+)/, "$1;stereo=1");
      const shaped = shapeOfferForWhatsApp(withExtras);
      expect(shaped).toContain("a=setup:actpass");
      expect(shaped).not.toContain("trickle");
      expect(shaped).not.toContain("sha-512");
      expect(shaped).not.toContain("stereo=1");
      expect(shaped).toMatch(/a=fingerprint:sha-256 [0-9A-F:]+\r\n/);
      expect(shaped.match(/^a=candidate:/gm)?.length).toBeGreaterThan(0);
    } finally {
      await offer.leg.close();
    }
  });
});
