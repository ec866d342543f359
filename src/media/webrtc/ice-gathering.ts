/**
 * How long after the last UDP host candidate gathering counts as done when there is no STUN or
 * TURN server. libwebrtc reports "complete" only after later allocation steps (TCP candidates,
 * 50 ms apart, or longer while nobody answers its checks); WhatsApp uses none of those.
 */
const HOST_SETTLE_MS = 5;

/**
 * Resolves once ICE gathering is complete (true), or after `timeoutMs` (false) so that a slow
 * or unreachable STUN/TURN server delays an answer by a bounded time; the SDP then carries the
 * candidates found so far. With `udpHostOnly` (no STUN/TURN configured) it resolves as soon as
 * the UDP host candidates are in. Removes its listeners and timers either way.
 */
export function waitForIceGathering(
  pc: RTCPeerConnection,
  timeoutMs: number,
  options: { udpHostOnly?: boolean } = {},
): Promise<boolean> {
  if (pc.iceGatheringState === "complete") return Promise.resolve(true);
  return new Promise((resolve) => {
    let settle: ReturnType<typeof setTimeout> | undefined;
    const finish = (complete: boolean) => {
      clearTimeout(timer);
      clearTimeout(settle);
      pc.removeEventListener("icegatheringstatechange", onChange);
      pc.removeEventListener("icecandidate", onCandidate);
      resolve(complete);
    };
    const onChange = () => {
      if (pc.iceGatheringState === "complete") finish(true);
    };
    const armSettle = () => {
      clearTimeout(settle);
      settle = setTimeout(() => finish(true), HOST_SETTLE_MS);
    };
    const onCandidate = (event: RTCPeerConnectionIceEvent) => {
      if (options.udpHostOnly && isUdpHost(event.candidate?.candidate)) armSettle();
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    pc.addEventListener("icegatheringstatechange", onChange);
    pc.addEventListener("icecandidate", onCandidate);
    if (
      options.udpHostOnly &&
      /^a=candidate:\S+ \d+ udp \S+ \S+ \d+ typ host/im.test(pc.localDescription?.sdp ?? "")
    ) {
      armSettle();
    }
  });
}

function isUdpHost(candidate: string | undefined): boolean {
  return candidate !== undefined && / udp /i.test(candidate) && / typ host/.test(candidate);
}
