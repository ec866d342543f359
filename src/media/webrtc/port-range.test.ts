import { afterEach, describe, expect, test } from "bun:test";
import { whatsappFixtureOffer, withLoopbackCandidatesOnly } from "../../../test/caller-peer";
import { MediaError } from "../media-error";
import { answerWebRtcOffer } from "./answer-offer";
import { createWebRtcOffer } from "./create-offer";
import type { WebRtcLeg } from "./webrtc-leg";

/** A few ports below Linux's ephemeral range, where other tests and processes are unlikely to be. */
const base = 20_000 + Math.floor(Math.random() * 12_000);
const range = { min: base, max: base + 2 };
const legs: WebRtcLeg[] = [];

afterEach(async () => {
  for (const leg of legs.splice(0)) await leg.close();
});

/** The host candidates of an SDP: address, port and transport of each. */
function hostCandidates(sdp: string) {
  return [...sdp.matchAll(/^a=candidate:\S+ \d+ (\S+) \d+ (\S+) (\d+) typ host/gm)].map(
    ([, transport, address, port]) => ({ transport, address, port: Number(port) }),
  );
}

async function answer(options: Parameters<typeof answerWebRtcOffer>[1]) {
  const answered = await answerWebRtcOffer(whatsappFixtureOffer({ loopback: true }), options);
  legs.push(answered.leg);
  return answered.answerSdp;
}

describe("RTC_PORT_RANGE", () => {
  test("calls answered at once bind one port each, all within the range, and give it back", async () => {
    const ports = await Promise.all(
      [1, 2, 3].map(async () => {
        const candidates = hostCandidates(await answer({ portRange: range }));
        expect(candidates.length).toBeGreaterThan(0);
        const used = [...new Set(candidates.map((candidate) => candidate.port))];
        expect(used).toHaveLength(1);
        return used[0];
      }),
    );
    expect(ports.sort()).toEqual([base, base + 1, base + 2]);

    // A fourth call finds every port taken: refused with a reason, not answered unreachable.
    const refused = await answerWebRtcOffer(whatsappFixtureOffer({ loopback: true }), {
      portRange: range,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(MediaError);
    expect((refused as MediaError).message).toBe(
      `no free media port: all of RTC_PORT_RANGE ${base}-${base + 2} is in use`,
    );

    const [first] = legs.splice(0, 1);
    const freed = hostCandidates(first?.pc.localDescription?.sdp ?? "")[0]?.port;
    await first?.close();
    const reused = hostCandidates(await answer({ portRange: range }));
    expect([...new Set(reused.map((candidate) => candidate.port))]).toEqual([freed ?? -1]);
  });

  test("the announced address replaces the machine's own in offers and answers", async () => {
    const offer = await createWebRtcOffer({ portRange: range, announcedAddress: "203.0.113.7" });
    legs.push(offer.leg);
    const answered = await answer({ portRange: range, announcedAddress: "203.0.113.7" });
    for (const sdp of [offer.offerSdp, answered]) {
      const v4 = hostCandidates(sdp).filter((candidate) => !candidate.address?.includes(":"));
      expect(v4.length).toBeGreaterThan(0);
      expect([...new Set(v4.map((candidate) => candidate.address))]).toEqual(["203.0.113.7"]);
      expect(v4.every(({ port }) => port >= range.min && port <= range.max)).toBe(true);
    }
    // Without it, the machine's own addresses go out.
    const plain = await answer({});
    expect(hostCandidates(plain).some((candidate) => candidate.address === "127.0.0.1")).toBe(true);
  });

  test("with the range and loopback announced, two peers still connect and carry audio", async () => {
    const options = { portRange: range, announcedAddress: "127.0.0.1" };
    const outbound = await createWebRtcOffer(options);
    legs.push(outbound.leg);
    const inbound = await answerWebRtcOffer(withLoopbackCandidatesOnly(outbound.offerSdp), options);
    legs.push(inbound.leg);
    let framesHeard = 0;
    inbound.leg.on("audio", () => framesHeard++);
    const connected = new Promise<void>((resolve) => outbound.leg.on("connected", resolve));
    await outbound.applyAnswer(inbound.answerSdp);
    await connected;
    const tone = new Int16Array(480).map((_, i) => Math.round(8000 * Math.sin(i / 8)));
    const deadline = performance.now() + 5000;
    while (framesHeard < 20 && performance.now() < deadline) {
      outbound.leg.sendAudio(tone);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(framesHeard).toBeGreaterThanOrEqual(20);
  });
});
