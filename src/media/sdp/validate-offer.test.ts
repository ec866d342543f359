import { describe, expect, test } from "bun:test";
import { whatsappFixtureOffer } from "../../../test/caller-peer";
import { describeMediaError, MediaError } from "../media-error";
import { validateAudioAnswer, validateAudioOffer } from "./validate-offer";

function refusal(sdp: string): string {
  try {
    validateAudioOffer(sdp);
  } catch (error) {
    if (error instanceof MediaError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return "accepted";
}

const offer = whatsappFixtureOffer();

describe("audio offer validation", () => {
  test("WhatsApp's offer passes, and the summary names what the answer must respect", () => {
    expect(validateAudioOffer(offer)).toEqual({
      audioIndex: 0,
      opusPayloadType: 111,
      telephoneEventPayloadTypes: [126],
      iceLite: true,
      setup: "actpass",
      candidateCount: 2,
    });
  });

  test("offers a WebRTC peer cannot answer are refused with the reason", () => {
    const cases: Array<[string, string]> = [
      ["", "sdp_malformed: an SDP must start with v=0"],
      [offer.replace(/o=.*\r\n/, ""), "sdp_malformed: the offer has no o= line"],
      [
        offer.replace("m=audio 3480", "m=video 3480"),
        "sdp_no_audio: the offer has no usable audio section",
      ],
      [
        offer.replace("m=audio 3480", "m=audio 0"),
        "sdp_no_audio: the offer has no usable audio section (its port is 0)",
      ],
      [
        offer.replace("UDP/TLS/RTP/SAVPF", "RTP/AVP"),
        "sdp_malformed: the offer's audio must use DTLS-SRTP (UDP/TLS/RTP/SAVPF), not RTP/AVP",
      ],
      [
        offer.replace("opus/48000/2", "PCMU/8000"),
        "sdp_no_opus: the offer's audio section does not offer Opus",
      ],
      [
        offer.replace(/a=ice-pwd:.*\r\n/, ""),
        "sdp_malformed: the offer has no ICE credentials (a=ice-ufrag and a=ice-pwd)",
      ],
      [
        offer.replace(/a=fingerprint:.*\r\n/, ""),
        "sdp_malformed: the offer has no DTLS fingerprint (a=fingerprint)",
      ],
    ];
    for (const [sdp, expected] of cases) expect(refusal(sdp)).toBe(expected);
  });

  test("ICE credentials and fingerprint may sit at session level", () => {
    const lines = offer.split("\r\n");
    const moved = lines.filter((l) => /^a=(ice-ufrag|ice-pwd|fingerprint):/.test(l));
    const rest = lines.filter((l) => !moved.includes(l));
    rest.splice(rest.indexOf("t=0 0") + 1, 0, ...moved);
    expect(refusal(rest.join("\r\n"))).toBe("accepted");
  });

  test("answers get the same checks, worded for an answer", () => {
    expect(() => validateAudioAnswer(offer.replace("opus/48000/2", "G722/8000"))).toThrow(
      "the answer's audio section does not offer Opus",
    );
  });

  test("only SDP errors become client-facing messages", () => {
    expect(describeMediaError(new MediaError("sdp_no_audio", "no audio"))).toBe("no audio");
    expect(describeMediaError(new MediaError("ice_gathering_failed", "x"))).toBeNull();
    expect(describeMediaError(new Error("boom"))).toBeNull();
  });
});
