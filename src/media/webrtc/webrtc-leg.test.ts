import { describe, expect, test } from "bun:test";
import { CallerPeer } from "../../../test/caller-peer";
import { sharedRecording } from "../../../test/wav-file";
import { eventually } from "../../models/testing/eventually";
import { MediaError } from "../media-error";
import { answerWebRtcOffer } from "./answer-offer";
import { liveWebRtcLegs } from "./webrtc-leg";

const tone = (ms: number) =>
  Int16Array.from({ length: ms * 48 }, (_, i) =>
    Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 48000)),
  );

describe("the WebRTC media leg, against a real peer over loopback", () => {
  test("caller audio arrives as 10 ms frames and agent audio reaches the caller", async () => {
    const caller = new CallerPeer();
    const { leg, answerSdp } = await answerWebRtcOffer(await caller.offer());
    expect(answerSdp).toContain("a=candidate:");
    let connected = false;
    const frameSizes = new Set<number>();
    let loud = 0;
    leg.on("connected", () => {
      connected = true;
    });
    leg.on("audio", (frame) => {
      frameSizes.add(frame.length);
      let energy = 0;
      for (const s of frame) energy += s * s;
      if (Math.sqrt(energy / frame.length) > 330) loud++;
    });
    await caller.answer(answerSdp);
    await eventually("media to connect", () => connected, 5000);
    caller.play(sharedRecording("en-hours.wav").subarray(0, 48_000));
    const agentTone = tone(10);
    const sender = setInterval(() => leg.sendAudio(agentTone), 10);
    await eventually("the caller's speech to arrive", () => loud >= 50, 5000);
    await eventually("the agent's audio to be heard", () => caller.audibleMs() >= 500, 5000);
    clearInterval(sender);
    expect([...frameSizes]).toEqual([480]);
    expect(leg.stats().framesIn).toBeGreaterThan(50);
    caller.close();
    await leg.close();
  });

  test("the caller going away is reported", async () => {
    const caller = new CallerPeer();
    const { leg, answerSdp } = await answerWebRtcOffer(await caller.offer());
    const reasons: string[] = [];
    let connected = false;
    leg.on("connected", () => {
      connected = true;
    });
    leg.on("disconnected", (reason) => reasons.push(reason));
    await caller.answer(answerSdp);
    await eventually("media to connect", () => connected, 5000);
    caller.close();
    await eventually("the hang-up to be noticed", () => reasons.length > 0, 10_000);
    await leg.close();
  }, 15_000);

  test("bad offers are refused with a reason and leave nothing open", async () => {
    const before = liveWebRtcLegs();
    const caller = new CallerPeer();
    const good = await caller.offer();
    caller.close();
    const noAudio = good.replace(/m=audio[\s\S]*/, "");
    const cases: Array<[string, MediaError["code"]]> = [
      ["hello", "sdp_malformed"],
      [`${noAudio}m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n`, "sdp_no_audio"],
      [good.replace(/a=rtpmap:111 opus\/48000\/2/g, "a=rtpmap:111 speex/8000"), "sdp_no_opus"],
      [good.replace(/a=fingerprint:.*\r\n/g, ""), "sdp_malformed"],
    ];
    for (const [sdp, code] of cases) {
      const error = await answerWebRtcOffer(sdp).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MediaError);
      expect((error as MediaError).code).toBe(code);
    }
    expect(liveWebRtcLegs()).toBe(before);
  });
});
