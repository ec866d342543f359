import { describe, expect, test } from "bun:test";
import {
  createCallerPeer,
  whatsappFixtureOffer,
  withLoopbackCandidatesOnly,
} from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { measureLevels } from "../../audio/levels";
import { MediaError } from "../media-error";
import { parseSdp, rtpMaps } from "../sdp/sdp-document";
import { shapeAnswerForWhatsApp } from "../sdp/whatsapp-answer";
import { answerWebRtcOffer } from "./answer-offer";
import { createWebRtcOffer } from "./create-offer";
import { liveWebRtcLegs } from "./webrtc-leg";

async function codeOf(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof MediaError ? error.code : `not a MediaError: ${error}`;
}

describe("answering an offer", () => {
  test("bad offers are refused with a typed reason and leave no leg open", async () => {
    const before = liveWebRtcLegs();
    const caller = await createCallerPeer();
    caller.close();
    const good = caller.offerSdp;
    const cases: Array<[string, string]> = [
      ["hello", "sdp_malformed"],
      [JSON.stringify(good).slice(1, -1), "sdp_malformed"],
      [good.replace(/m=audio [\s\S]*/, "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n"), "sdp_no_audio"],
      [good.replaceAll(/opus\/48000\/2/g, "speex/8000"), "sdp_no_opus"],
      [good.replace(/a=fingerprint:.*\r\n/g, ""), "sdp_malformed"],
      // Passes our checks; the WebRTC stack refuses it, after a peer connection was made.
      [good.replace(/a=ice-ufrag:.*\r\n/, "a=ice-ufrag:ab\r\n"), "sdp_rejected"],
      [good.replace("a=rtcp-mux\r\n", ""), "sdp_rejected"],
    ];
    const codes = [];
    for (const [sdp] of cases) codes.push(await codeOf(answerWebRtcOffer(sdp)));
    expect(codes).toEqual(cases.map(([, code]) => code));
    expect(liveWebRtcLegs()).toBe(before);
  });

  test("WhatsApp's offer gets a real wrtc answer that shapes into what WhatsApp expects", async () => {
    const { leg, answerSdp } = await answerWebRtcOffer(whatsappFixtureOffer({ loopback: true }));
    try {
      const shaped = shapeAnswerForWhatsApp(answerSdp);
      const doc = parseSdp(shaped);
      const lines = [...doc.session, ...doc.media.flatMap((m) => m.lines)];
      expect(doc.media.map((m) => [m.kind, m.formats])).toEqual([["audio", ["111", "126"]]]);
      expect(doc.media.flatMap(rtpMaps).map((m) => `${m.encoding}/${m.clockRate}`)).toEqual([
        "opus/48000",
        "telephone-event/8000",
      ]);
      expect(lines).not.toContain("a=ice-lite");
      expect(lines.filter((l) => l.startsWith("a=ice-options:"))).toEqual([]);
      expect(lines.filter((l) => l.startsWith("a=setup:"))).toEqual(["a=setup:active"]);
      const fingerprints = lines.filter((l) => l.startsWith("a=fingerprint:"));
      expect(fingerprints).toHaveLength(1);
      expect(fingerprints[0]).toMatch(/^a=fingerprint:sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(lines.some((l) => l.startsWith("a=candidate:") && l.includes(" 127.0.0.1 "))).toBe(
        true,
      );
      expect(lines).toContain("a=mid:audio");
      expect(doc.session).toContain("a=group:BUNDLE audio");
      expect(shaped).not.toMatch(/[^\r]\n/);
    } finally {
      await leg.close();
    }
  });

  test("STUN/TURN servers given reach the peer connection; none by default", async () => {
    const offer = whatsappFixtureOffer({ loopback: true });
    const iceServers = [{ urls: "stun:127.0.0.1:3478" }];
    const withServers = await answerWebRtcOffer(offer, { iceServers, gatheringTimeoutMs: 500 });
    const plain = await answerWebRtcOffer(offer);
    try {
      const urls = (leg: typeof plain.leg) =>
        leg.pc.getConfiguration().iceServers?.flatMap((server) => server.urls) ?? [];
      expect(urls(withServers.leg)).toEqual(["stun:127.0.0.1:3478"]);
      expect(urls(plain.leg)).toEqual([]);
      // Gathering that cannot finish still answers, with the host candidates found so far.
      expect(withServers.answerSdp).toContain("a=candidate:");
    } finally {
      await withServers.leg.close();
      await plain.leg.close();
    }
  });
});

describe("offering (outbound calls)", () => {
  test("an offering leg and an answering leg connect and carry audio", async () => {
    const outbound = await createWebRtcOffer();
    const { leg: inbound, answerSdp } = await answerWebRtcOffer(
      withLoopbackCandidatesOnly(outbound.offerSdp),
    );
    let loudFrames = 0;
    inbound.on("audio", (frame) => {
      if (measureLevels(frame).rmsDbfs > -30) loudFrames++;
    });
    const connected = new Set<string>();
    outbound.leg.on("connected", () => connected.add("outbound"));
    outbound.leg.on("closed", () => connected.delete("outbound"));
    inbound.on("connected", () => connected.add("inbound"));
    try {
      await outbound.applyAnswer(withLoopbackCandidatesOnly(answerSdp));
      await eventually("both legs to connect", () => connected.size === 2, 10_000);
      const tone = Int16Array.from({ length: 480 }, (_, i) =>
        Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 48000)),
      );
      const timer = setInterval(() => outbound.leg.sendAudio(tone), 10);
      await eventually("the tone at the other leg", () => loudFrames >= 50, 10_000).finally(() =>
        clearInterval(timer),
      );
      // A second answer is a programming error, not the callee's: the call stays up.
      await expect(outbound.applyAnswer(answerSdp)).rejects.toThrow("already applied");
      expect(connected).toEqual(new Set(["outbound", "inbound"]));
    } finally {
      await outbound.leg.close();
      await inbound.close();
    }
  }, 20_000);

  test("a bad answer throws MediaError and closes the offering leg", async () => {
    const before = liveWebRtcLegs();
    const outbound = await createWebRtcOffer();
    const events: string[] = [];
    outbound.leg.on("closed", () => events.push("closed"));
    const noOpus = outbound.offerSdp.replaceAll(/opus\/48000\/2/g, "speex/8000");
    expect(await codeOf(outbound.applyAnswer(noOpus))).toBe("sdp_no_opus");
    expect(events).toEqual(["closed"]);
    expect(liveWebRtcLegs()).toBe(before);
  });
});
