import { withOpusDtx } from "../sdp/opus-dtx";
import { validateAudioAnswer } from "../sdp/validate-offer";
import { DEFAULT_GATHERING_TIMEOUT_MS, openLeg, type WebRtcOptions } from "./answer-offer";
import { waitForIceGathering } from "./ice-gathering";
import { gatheredLocalSdp } from "./local-sdp";
import { applyRemoteDescription } from "./remote-description";
import type { WebRtcLeg } from "./webrtc-leg";

export interface WebRtcOffer {
  leg: WebRtcLeg;
  /** Our offer, every ICE candidate included. */
  offerSdp: string;
  /**
   * Applies the callee's answer. A bad answer throws MediaError and closes the leg (the call
   * cannot go on); calling it a second time throws without touching the leg.
   */
  applyAnswer(answerSdp: string): Promise<void>;
}

/** Starts an outbound call's media: a leg and its SDP offer, ICE gathered in full. */
export async function createWebRtcOffer(options: WebRtcOptions = {}): Promise<WebRtcOffer> {
  const leg = await openLeg(options);
  let offerSdp: string | undefined;
  try {
    const offer = await leg.pc.createOffer();
    const sdp = offer.sdp ?? "";
    await leg.pc.setLocalDescription({
      type: "offer",
      sdp: options.opusDtx ? withOpusDtx(sdp) : sdp,
    });
    await waitForIceGathering(leg.pc, options.gatheringTimeoutMs ?? DEFAULT_GATHERING_TIMEOUT_MS, {
      udpHostOnly: (options.iceServers ?? []).length === 0,
    });
    offerSdp = gatheredLocalSdp(leg.pc, options);
  } catch (error) {
    await leg.close("offer_failed");
    throw error;
  }
  let applied = false;
  const applyAnswer = async (answerSdp: string) => {
    if (applied) throw new Error("this offer's answer was already applied");
    applied = true;
    try {
      validateAudioAnswer(answerSdp);
      // libwebrtc configures our encoder from the callee's parameters.
      const sdp = options.opusDtx ? withOpusDtx(answerSdp) : answerSdp;
      await applyRemoteDescription(leg.pc, { type: "answer", sdp });
    } catch (error) {
      await leg.close("bad_answer");
      throw error;
    }
  };
  return { leg, offerSdp, applyAnswer };
}
