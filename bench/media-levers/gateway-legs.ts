// Child process of bench/media-levers.bench.ts: the gateway's side of N calls, media only.
// Answers each caller's offer with the gateway's own answerWebRtcOffer (levers from the
// environment, as the gateway reads them) and plays the agent as the call benchmark's
// simulator does: a reply of speech, then silence, in a 10 s cycle, one frame per 10 ms.

import { answerWebRtcOffer } from "../../src/media/webrtc/answer-offer";
import type { WebRtcLeg } from "../../src/media/webrtc/webrtc-leg";
import { recordingPath } from "../../test/assets";
import { readWav48kMono } from "../../test/wav";

const CYCLE_FRAMES = 1000;
const reply = readWav48kMono(recordingPath("en-goodbye.wav"));
const silence = new Int16Array(480);
const options = {
  opusDtx: process.env.LEVER_OPUS_DTX === "1",
  skipSilentFrames: process.env.LEVER_SKIP_SILENT === "1",
};
const legs: Array<{ leg: WebRtcLeg; offset: number }> = [];
let started = 0;
let sent = 0;

function tick(): void {
  const due = Math.floor((performance.now() - started) / 10);
  for (; sent < due; sent++) {
    for (const { leg, offset } of legs) {
      const at = ((sent + offset) % CYCLE_FRAMES) * 480;
      leg.sendAudio(at + 480 <= reply.length ? reply.subarray(at, at + 480) : silence);
    }
  }
}

process.on("message", async (message: { type: string; id: number; sdp: string }) => {
  if (message.type !== "offer") return;
  const { leg, answerSdp } = await answerWebRtcOffer(message.sdp, options);
  // Replies start at different moments, as in calls that began apart.
  legs.push({ leg, offset: (legs.length * 137) % CYCLE_FRAMES });
  process.send?.({ type: "answer", id: message.id, sdp: answerSdp });
  if (started === 0) {
    started = performance.now();
    setInterval(tick, 10);
  }
});
process.send?.({ type: "ready" });
