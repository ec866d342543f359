import { withOpusDtx } from "../sdp/opus-dtx";
import { validateAudioOffer } from "../sdp/validate-offer";
import { portRangeTurns } from "./gathering-turns";
import { waitForIceGathering } from "./ice-gathering";
import { gatheredLocalSdp, type LocalSdpOptions } from "./local-sdp";
import { applyRemoteDescription } from "./remote-description";
import { WebRtcLeg, type WebRtcLegOptions } from "./webrtc-leg";

export { describeMediaError } from "../media-error";

export interface WebRtcOptions extends WebRtcLegOptions, LocalSdpOptions {
  /** Longest wait for ICE candidates before the SDP goes out with those found so far. */
  gatheringTimeoutMs?: number;
}

export const DEFAULT_GATHERING_TIMEOUT_MS = 3000;

/** A new leg; within a port range, once the previous leg has finished gathering. */
export async function openLeg(options: WebRtcOptions): Promise<WebRtcLeg> {
  if (!options.portRange) return new WebRtcLeg(options);
  const handOn = await portRangeTurns.take();
  try {
    const leg = new WebRtcLeg(options);
    handOn(leg.pc);
    return leg;
  } catch (error) {
    handOn(null);
    throw error;
  }
}

/**
 * Answers a caller's SDP offer (inbound calls): a leg whose answer already holds every ICE
 * candidate (no trickle). A bad offer throws MediaError before any peer connection exists; a
 * failure after that closes the leg, so nothing is left open either way.
 */
export async function answerWebRtcOffer(
  offerSdp: string,
  options: WebRtcOptions = {},
): Promise<{ leg: WebRtcLeg; answerSdp: string }> {
  validateAudioOffer(offerSdp);
  const leg = await openLeg(options);
  try {
    // libwebrtc configures our encoder from the peer's parameters, so DTX goes in both.
    const dtx = options.opusDtx ? withOpusDtx : (sdp: string) => sdp;
    await applyRemoteDescription(leg.pc, { type: "offer", sdp: dtx(offerSdp) });
    const answer = await leg.pc.createAnswer();
    await leg.pc.setLocalDescription({ type: "answer", sdp: dtx(answer.sdp ?? "") });
    await waitForIceGathering(leg.pc, options.gatheringTimeoutMs ?? DEFAULT_GATHERING_TIMEOUT_MS, {
      udpHostOnly: (options.iceServers ?? []).length === 0,
    });
    return { leg, answerSdp: gatheredLocalSdp(leg.pc, options) };
  } catch (error) {
    await leg.close("answer_failed");
    throw error;
  }
}
