import { afterEach, describe, expect, test } from "bun:test";
import { recordingPath } from "../../../test/assets";
import { type CallerPeer, createCallerPeer, WHATSAPP_OPUS_FMTP } from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { readWav48kMono } from "../../../test/wav";
import { measureLevels } from "../../audio/levels";
import { MediaError } from "../media-error";
import type { MediaLeg } from "../media-leg";
import { validateAudioOffer } from "../sdp/validate-offer";
import { shapeAnswerForWhatsApp } from "../sdp/whatsapp-answer";
import { answerWebRtcOffer } from "./answer-offer";
import { liveWebRtcLegs, type WebRtcLeg } from "./webrtc-leg";

const hours = readWav48kMono(recordingPath("en-hours.wav"));
const goodbye = readWav48kMono(recordingPath("en-goodbye.wav"));

/** Milliseconds louder than -40 dBFS (per 10 ms frame) and the total energy (sum of squares). */
function measure(frames: Int16Array[]): { speechMs: number; energy: number } {
  let speechMs = 0;
  let energy = 0;
  for (const frame of frames) {
    if (measureLevels(frame).rmsDbfs > -40) speechMs += 10;
    for (const s of frame) energy += s * s;
  }
  return { speechMs, energy };
}

function framesOf(pcm: Int16Array): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let i = 0; i + 480 <= pcm.length; i += 480) frames.push(pcm.subarray(i, i + 480));
  return frames;
}

/** Plays PCM into the leg one frame per 10 ms of clock, as a call's playout would. */
function playInto(leg: MediaLeg, pcm: Int16Array): Promise<void> {
  const frames = framesOf(pcm);
  const started = performance.now();
  let sent = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(frames.length, Math.floor((performance.now() - started) / 10));
      for (; sent < due; sent++) leg.sendAudio(frames[sent] as Int16Array);
      if (sent < frames.length) return;
      clearInterval(timer);
      resolve();
    }, 10);
  });
}

interface Call {
  caller: CallerPeer;
  leg: WebRtcLeg;
  heard: Int16Array[];
  events: string[];
}

let open: Call[] = [];
afterEach(async () => {
  for (const call of open) {
    call.caller.close();
    await call.leg.close();
  }
  open = [];
});

async function connectCall(options: { whatsappStyle?: boolean; pcm?: Int16Array } = {}) {
  const caller = await createCallerPeer(options);
  const { leg, answerSdp } = await answerWebRtcOffer(caller.offerSdp);
  const call: Call = { caller, leg, heard: [], events: [] };
  open.push(call);
  leg.on("audio", (frame) => call.heard.push(frame.slice()));
  leg.on("connected", () => call.events.push("connected"));
  leg.on("disconnected", (reason) => call.events.push(`disconnected:${reason}`));
  leg.on("closed", () => call.events.push("closed"));
  await caller.answer(options.whatsappStyle ? shapeAnswerForWhatsApp(answerSdp) : answerSdp);
  await caller.waitForConnected();
  await eventually("the leg to connect", () => call.events.includes("connected"), 10_000);
  return call;
}

describe("a WebRTC leg answering a real wrtc caller over loopback", () => {
  test("speech flows both ways: WAV from the caller to the leg, sendAudio to the caller", async () => {
    const call = await connectCall({ pcm: hours });
    await Promise.all([playInto(call.leg, goodbye), call.caller.waitForSpeechSent()]);
    // Let the jitter buffers drain what is still in flight, then compare what was sent with
    // what arrived: Opus changes the waveform, not the amount of speech or its loudness.
    const legSettled = call.heard.length + 50;
    const callerSettled = call.caller.receivedAudio().length + 50 * 480;
    await eventually("the last frames at the leg", () => call.heard.length >= legSettled, 5000);
    await eventually(
      "the last frames at the caller",
      () => call.caller.receivedAudio().length >= callerSettled,
      5000,
    );

    // Measured here: speech 1990 of 1990 ms at the leg, 1710 of 1820 ms at the caller; energy
    // ratios about 0.93 both ways.
    const sentToLeg = measure(framesOf(hours));
    const atLeg = measure(call.heard);
    expect(new Set(call.heard.map((frame) => frame.length))).toEqual(new Set([480]));
    // Counted as frames come off the wire; a frame or two may still be on its way to listeners.
    const inFlight = call.leg.stats().framesIn - call.heard.length;
    expect(inFlight).toBeGreaterThanOrEqual(0);
    expect(inFlight).toBeLessThanOrEqual(2);
    expect(atLeg.speechMs / sentToLeg.speechMs).toBeWithin(0.85, 1.15);
    expect(atLeg.energy / sentToLeg.energy).toBeWithin(0.6, 1.5);

    const sentToCaller = measure(framesOf(goodbye));
    const atCaller = measure(framesOf(call.caller.receivedAudio()));
    expect(call.leg.stats().framesOut).toBe(framesOf(goodbye).length);
    expect(atCaller.speechMs / sentToCaller.speechMs).toBeWithin(0.85, 1.15);
    expect(atCaller.energy / sentToCaller.energy).toBeWithin(0.6, 1.5);
  }, 30_000);

  test("the caller hanging up is reported once, and the leg closes itself", async () => {
    const before = liveWebRtcLegs();
    const call = await connectCall();
    expect(liveWebRtcLegs()).toBe(before + 1);
    call.caller.close();
    await eventually("the leg to close", () => call.events.includes("closed"), 10_000);
    expect(call.events).toEqual(["connected", "disconnected:remote_closed", "closed"]);
    expect(liveWebRtcLegs()).toBe(before);
  }, 20_000);

  test("closing the leg emits closed only, ends the caller's DTLS session, and is idempotent", async () => {
    const call = await connectCall();
    await call.leg.close("agent_hung_up");
    await call.leg.close("again");
    expect(call.events).toEqual(["connected", "closed"]);
    const callerDtls = () => call.caller.pc.getReceivers()[0]?.transport?.state;
    await eventually("the caller to see the hang-up", () => callerDtls() === "closed", 10_000);
    call.leg.sendAudio(new Int16Array(480));
    expect(call.leg.stats().framesOut).toBe(0);
  }, 20_000);

  test("sendAudio refuses anything but one 10 ms frame", async () => {
    const call = await connectCall();
    const error = (() => {
      try {
        call.leg.sendAudio(new Int16Array(960));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MediaError);
    expect((error as MediaError).code).toBe("bad_frame");
  }, 20_000);

  test("a WhatsApp-shaped offer (ice-lite, 20 ms Opus at 16 kHz) connects with the shaped answer", async () => {
    const call = await connectCall({ whatsappStyle: true, pcm: hours.subarray(0, 96_000) });
    const offer = validateAudioOffer(call.caller.offerSdp);
    expect([offer.iceLite, offer.opusPayloadType, offer.telephoneEventPayloadTypes]).toEqual([
      true,
      111,
      [126],
    ]);
    expect(call.caller.offerSdp).toContain(`a=fmtp:111 ${WHATSAPP_OPUS_FMTP}\r\n`);
    expect(call.caller.offerSdp).toContain("a=ptime:20\r\n");
    expect(call.caller.offerSdp).not.toContain("a=ice-options:trickle");
    await Promise.all([
      playInto(call.leg, goodbye.subarray(0, 96_000)),
      call.caller.waitForSpeechSent(),
    ]);
    await call.caller.waitForAudio(500, 15_000);
    expect(measure(call.heard).speechMs).toBeGreaterThan(500);
    // WhatsApp's minptime=20 / ptime:20: the agent's audio leaves in 20 ms packets.
    let packetsSent = 0;
    (await call.leg.pc.getStats()).forEach((stat: { type: string; packetsSent?: number }) => {
      if (stat.type === "outbound-rtp") packetsSent += stat.packetsSent ?? 0;
    });
    expect(packetsSent / call.leg.stats().framesOut).toBeWithin(0.4, 0.6);
  }, 30_000);
});
