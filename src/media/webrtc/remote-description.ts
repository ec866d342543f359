import { MediaError } from "../media-error";

/**
 * Applies the peer's SDP. A description that passed our own checks can still be refused by
 * the WebRTC stack; that is the peer's fault too, so it becomes a MediaError with the stack's
 * own words.
 */
export async function applyRemoteDescription(
  pc: RTCPeerConnection,
  description: RTCSessionDescriptionInit,
): Promise<void> {
  try {
    await pc.setRemoteDescription(description);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new MediaError("sdp_rejected", `the ${description.type} was refused: ${why}`);
  }
}
