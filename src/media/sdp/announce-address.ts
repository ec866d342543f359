const CANDIDATE = /^a=candidate:(\S+) (\d+) (\S+) (\d+) (\S+) (\d+) typ (\S+)(.*)$/;

const familyOf = (address: string) => (address.includes(":") ? 6 : 4);

/**
 * Puts `announced` (the address a NAT forwards to this machine one-to-one) in place of the
 * machine's own addresses in the host candidates of the same IP family, and in the `c=` lines
 * that named them, so the remote peer sends its checks and media to the announced address. The
 * ports stay: the forwarding must keep them. Candidates that become identical (in one media
 * section) are kept once.
 */
export function announceAddress(sdp: string, announced: string): string {
  const family = familyOf(announced);
  const replaced = new Set<string>();
  const seen = new Set<string>();
  const out: string[] = [];
  const lines = sdp.split("\r\n");
  for (const line of lines) {
    if (line.startsWith("m=")) seen.clear();
    const match = CANDIDATE.exec(line);
    const [, foundation, component, transport, priority, address, port, type, rest] = match ?? [];
    if (!match || type !== "host" || !address || familyOf(address) !== family) {
      out.push(line);
      continue;
    }
    replaced.add(address);
    const key = `${component} ${transport?.toLowerCase()} ${port} ${/tcptype \S+/.exec(rest ?? "")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(
      `a=candidate:${foundation} ${component} ${transport} ${priority} ${announced} ${port} typ host${rest}`,
    );
  }
  const ipVersion = family === 4 ? "IP4" : "IP6";
  return out
    .map((line) => {
      const connection = /^c=IN (IP[46]) (\S+)$/.exec(line);
      return connection && replaced.has(connection[2] ?? "")
        ? `c=IN ${ipVersion} ${announced}`
        : line;
    })
    .join("\r\n");
}
