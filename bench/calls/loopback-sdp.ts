// Keeps a benchmark's WebRTC traffic on 127.0.0.1: removes every ICE candidate on another
// address from an SDP, so neither side ever tries one.

export function loopbackCandidatesOnly(sdp: string): string {
  return sdp
    .split("\r\n")
    .filter((line) => {
      if (!line.startsWith("a=candidate:")) return true;
      // a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ ...
      const [, , transport, , address] = line.split(" ");
      return transport?.toLowerCase() === "udp" && address === "127.0.0.1";
    })
    .join("\r\n");
}

interface IceStat {
  type: string;
  id: string;
  selectedCandidatePairId?: string;
  localCandidateId?: string;
  remoteCandidateId?: string;
  address?: string;
  candidateType?: string;
}

/**
 * The pair ICE chose, as "local -> remote" addresses, e.g. "127.0.0.1 -> 127.0.0.1". libwebrtc
 * may send from a socket bound to another address of this machine (checks from it to
 * 127.0.0.1 succeed), but whatever is addressed to 127.0.0.1 stays on the loopback device.
 */
export async function selectedPair(pc: RTCPeerConnection): Promise<string | null> {
  const stats = new Map<string, IceStat>();
  (await pc.getStats()).forEach((stat: IceStat) => {
    stats.set(stat.id, stat);
  });
  const transport = [...stats.values()].find((s) => s.type === "transport");
  const pair = stats.get(transport?.selectedCandidatePairId ?? "");
  if (!pair?.localCandidateId || !pair.remoteCandidateId) return null;
  const where = (id: string) => {
    const candidate = stats.get(id);
    return candidate?.address || `(${candidate?.candidateType ?? "unknown"})`;
  };
  return `${where(pair.localCandidateId)} -> ${where(pair.remoteCandidateId)}`;
}
