import { afterEach, describe, expect, test } from "bun:test";
import { recordingPath } from "../../../test/assets";
import { type CallerPeer, createCallerPeer } from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { readWav48kMono } from "../../../test/wav";
import { measureLevels } from "../../audio/levels";
import { answerWebRtcOffer, type WebRtcOptions } from "./answer-offer";
import type { WebRtcLeg } from "./webrtc-leg";

// The per-call CPU levers of the media leg, seen from a real wrtc caller: what goes on the wire
// while the agent is silent, and that speech still arrives.
const goodbye = readWav48kMono(recordingPath("en-goodbye.wav"));
const SILENCE = new Int16Array(480);
const open: Array<{ caller: CallerPeer; leg: WebRtcLeg }> = [];

afterEach(async () => {
  for (const { caller, leg } of open.splice(0)) {
    caller.close();
    await leg.close();
  }
});

async function connect(options: WebRtcOptions) {
  const caller = await createCallerPeer();
  const { leg, answerSdp } = await answerWebRtcOffer(caller.offerSdp, options);
  open.push({ caller, leg });
  let connected = false;
  leg.on("connected", () => {
    connected = true;
  });
  await caller.answer(answerSdp);
  await eventually("the leg to connect", () => connected, 10_000);
  return { caller, leg, answerSdp };
}

async function packetsSent(leg: WebRtcLeg): Promise<number> {
  let sent = 0;
  (await leg.pc.getStats()).forEach((report: { type: string; packetsSent?: number }) => {
    if (report.type === "outbound-rtp") sent += report.packetsSent ?? 0;
  });
  return sent;
}

/** One frame per 10 ms of clock: `speech` first, then silence, for `ms` in all. */
function play(leg: WebRtcLeg, ms: number, speech: Int16Array = new Int16Array(0)): Promise<void> {
  const started = performance.now();
  let sent = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(ms / 10, Math.floor((performance.now() - started) / 10));
      for (; sent < due; sent++) {
        const at = sent * 480;
        leg.sendAudio(at + 480 <= speech.length ? speech.subarray(at, at + 480) : SILENCE);
      }
      if (sent < ms / 10) return;
      clearInterval(timer);
      resolve();
    }, 10);
  });
}

/** Milliseconds louder than -40 dBFS, per 10 ms frame, as the caller counts what it hears. */
function speechMs(pcm: Int16Array): number {
  let ms = 0;
  for (let at = 0; at + 480 <= pcm.length; at += 480) {
    if (measureLevels(pcm.subarray(at, at + 480)).rmsDbfs > -40) ms += 10;
  }
  return ms;
}

/** Packets the leg sends over 1.5 s of agent silence, after 0.5 s to settle. */
async function silentPackets(leg: WebRtcLeg): Promise<number> {
  await play(leg, 500);
  const before = await packetsSent(leg);
  await play(leg, 1500);
  return (await packetsSent(leg)) - before;
}

describe("capacity levers on a WebRTC leg", () => {
  test("Opus DTX: the answer asks for it and silence goes out as a few packets, not 75", async () => {
    const plain = await connect({});
    const dtx = await connect({ opusDtx: true });
    expect(dtx.answerSdp).toMatch(/a=fmtp:\d+ [^\r\n]*usedtx=1/);
    expect(plain.answerSdp).not.toContain("usedtx");
    const [plainPackets, dtxPackets] = await Promise.all([
      silentPackets(plain.leg),
      silentPackets(dtx.leg),
    ]);
    // 20 ms packets: about 75 in 1.5 s without DTX; one every 400 ms or so with it.
    expect(plainPackets).toBeGreaterThan(60);
    expect(dtxPackets).toBeLessThan(plainPackets / 4);
  });

  test("Opus DTX: the agent's speech after a silence is still heard whole", async () => {
    const { caller, leg } = await connect({ opusDtx: true });
    await play(leg, 1000);
    const before = caller.audibleMs();
    await play(leg, goodbye.length / 48 + 300, goodbye);
    await Bun.sleep(300);
    const heard = caller.audibleMs() - before;
    expect(heard / speechMs(goodbye)).toBeWithin(0.85, 1.15);
  });

  test("skipping silent frames sends nothing while the agent is silent", async () => {
    const { leg } = await connect({ skipSilentFrames: true });
    expect(await silentPackets(leg)).toBe(0);
  });
});
