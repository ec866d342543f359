// Where the answer to a WhatsApp offer spends its time, measured in this process with no other
// load: answerWebRtcOffer() as the gateway calls it, then the same steps on a bare wrtc peer
// connection with one audio track, to show how long the UDP host candidates (all WhatsApp can
// use here) take against the wait for ICE gathering to report "complete".

import { answerWebRtcOffer } from "../../src/media/webrtc/answer-offer";
import { waitForIceGathering } from "../../src/media/webrtc/ice-gathering";
import { Wrtc } from "../../src/media/webrtc/wrtc";
import { createCallerPeer, whatsappFixtureOffer } from "../../test/caller-peer";
import { SLOW_ANSWER_MS } from "./call-figures";
import { type Spread, spreadOf } from "./spread";

export interface AnswerTiming {
  runs: number;
  answerMs: Spread;
  /** Answers slower than SLOW_ANSWER_MS. */
  slowAnswers: number;
  /** setRemoteDescription + createAnswer + setLocalDescription. */
  describeMs: Spread;
  /** From setLocalDescription to the last UDP host candidate. */
  udpCandidatesMs: Spread;
  /** From setLocalDescription to ICE gathering "complete". */
  gatheringMs: Spread;
  /** The same with nobody answering ICE checks (the fixture's offer, a far-away peer's case). */
  gatheringNoPeerMs: Spread;
}

interface BareSteps {
  describeMs: number;
  udpCandidatesMs: number | null;
  gatheringMs: number;
}

/**
 * `runs` answers, each to a fresh caller peer that stays alive (answering ICE checks) meanwhile,
 * and as many bare answers, each to another fresh caller, and to an offer nobody stands behind.
 */
export async function timeAnswers(runs: number): Promise<AnswerTiming> {
  const answers: number[] = [];
  const steps: BareSteps[] = [];
  const noPeer: number[] = [];
  for (let i = 0; i < runs; i++) {
    const caller = await createCallerPeer({ whatsappStyle: true });
    try {
      const started = performance.now();
      const { leg } = await answerWebRtcOffer(caller.offerSdp, { iceServers: [] });
      answers.push(performance.now() - started);
      await leg.close("bench");
    } finally {
      caller.close();
    }
    const other = await createCallerPeer({ whatsappStyle: true });
    try {
      steps.push(await bareAnswerSteps(other.offerSdp));
    } finally {
      other.close();
    }
    noPeer.push((await bareAnswerSteps(whatsappFixtureOffer({ loopback: true }))).gatheringMs);
  }
  return {
    runs,
    answerMs: spreadOf(answers),
    slowAnswers: answers.filter((ms) => ms > SLOW_ANSWER_MS).length,
    describeMs: spreadOf(steps.map((s) => s.describeMs)),
    udpCandidatesMs: spreadOf(steps.map((s) => s.udpCandidatesMs)),
    gatheringMs: spreadOf(steps.map((s) => s.gatheringMs)),
    gatheringNoPeerMs: spreadOf(noPeer),
  };
}

async function bareAnswerSteps(offerSdp: string): Promise<BareSteps> {
  const pc = new Wrtc.RTCPeerConnection({ iceServers: [] });
  const source = new Wrtc.nonstandard.RTCAudioSource();
  const track = source.createTrack();
  pc.addTrack(track, new Wrtc.MediaStream([track]));
  let lastUdpAt: number | null = null;
  pc.onicecandidate = (event) => {
    if (event.candidate?.candidate.split(" ")[2]?.toLowerCase() === "udp")
      lastUdpAt = performance.now();
  };
  try {
    const started = performance.now();
    await pc.setRemoteDescription({ type: "offer", sdp: offerSdp });
    await pc.setLocalDescription(await pc.createAnswer());
    const described = performance.now();
    await waitForIceGathering(pc, 3000);
    const udpAt: number | null = lastUdpAt;
    return {
      describeMs: described - started,
      udpCandidatesMs: udpAt === null ? null : Math.max(0, udpAt - described),
      gatheringMs: performance.now() - described,
    };
  } finally {
    pc.close();
    track.stop();
  }
}
