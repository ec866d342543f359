/**
 * Resolves once ICE gathering is complete (true), or after `timeoutMs` (false) so that a slow
 * or unreachable STUN/TURN server delays an answer by a bounded time; the SDP then carries the
 * candidates found so far. Removes its listener and timer either way.
 */
export function waitForIceGathering(pc: RTCPeerConnection, timeoutMs: number): Promise<boolean> {
  if (pc.iceGatheringState === "complete") return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (complete: boolean) => {
      clearTimeout(timer);
      pc.removeEventListener("icegatheringstatechange", onChange);
      resolve(complete);
    };
    const onChange = () => {
      if (pc.iceGatheringState === "complete") finish(true);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    pc.addEventListener("icegatheringstatechange", onChange);
  });
}
