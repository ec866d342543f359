import { MediaError } from "../media-error";
import type { MediaLeg } from "../media-leg";
import { validateAudioOffer } from "../sdp/validate-offer";
import { WebRtcLeg } from "./webrtc-leg";
import { Wrtc } from "./wrtc";

export { describeMediaError } from "../media-error";

export interface WebRtcOptions {
  iceServers?: RTCIceServer[];
  /** Longest wait for ICE candidates before answering anyway with what was gathered. */
  gatherTimeoutMs?: number;
}

/**
 * Answers an SDP offer: a peer connection with our audio track, ICE gathered in full before the
 * answer is returned (no trickle). A bad offer throws MediaError and leaves nothing open.
 */
export async function answerWebRtcOffer(
  offerSdp: string,
  options: WebRtcOptions = {},
): Promise<{ leg: WebRtcLeg & MediaLeg; answerSdp: string }> {
  validateAudioOffer(offerSdp);
  const pc = new Wrtc.RTCPeerConnection({ iceServers: options.iceServers ?? [] });
  const leg = new WebRtcLeg(pc);
  try {
    await pc.setRemoteDescription({ type: "offer", sdp: offerSdp });
    const transceiver = pc.getTransceivers().find((t) => t.receiver.track.kind === "audio");
    if (!transceiver) throw new MediaError("sdp_no_audio", "the offer has no usable audio section");
    await transceiver.sender.replaceTrack(leg.track);
    transceiver.direction = "sendrecv";
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc, options.gatherTimeoutMs ?? 2000);
    const answerSdp = pc.localDescription?.sdp;
    if (!answerSdp)
      throw new MediaError("ice_gathering_failed", "no local description after ICE gathering");
    return { leg, answerSdp };
  } catch (error) {
    await leg.close();
    if (error instanceof MediaError) throw error;
    throw new MediaError(
      "sdp_malformed",
      `the offer could not be applied: ${(error as Error).message}`,
    );
  }
}

/** Resolves once ICE gathering completes, or after `timeoutMs` with what was gathered. */
export function gathered(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener("icegatheringstatechange", onChange);
      resolve();
    };
    const onChange = () => {
      if (pc.iceGatheringState === "complete") done();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener("icegatheringstatechange", onChange);
  });
}
