import { MediaError } from "../media-error";
import { announceAddress } from "../sdp/announce-address";

export interface LocalSdpOptions {
  portRange?: { min: number; max: number };
  /** Announced in host candidates instead of the machine's own address (RTC_PUBLIC_IP). */
  announcedAddress?: string;
}

/**
 * The SDP to send once gathering is over: the local description with the announced address in
 * place. With a port range, no UDP candidate means every port in it is taken by other calls
 * (libwebrtc still offers active ICE-TCP candidates, which bind no port, but WhatsApp speaks
 * UDP only).
 */
export function gatheredLocalSdp(pc: RTCPeerConnection, options: LocalSdpOptions): string {
  const sdp = pc.localDescription?.sdp;
  if (!sdp) throw new MediaError("ice_gathering_failed", "no local description after gathering");
  if (options.portRange && !/^a=candidate:\S+ \d+ udp /im.test(sdp)) {
    const { min, max } = options.portRange;
    throw new MediaError(
      "ports_exhausted",
      `no free media port: all of RTC_PORT_RANGE ${min}-${max} is in use`,
    );
  }
  return options.announcedAddress ? announceAddress(sdp, options.announcedAddress) : sdp;
}
