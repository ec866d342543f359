import { describe, expect, test } from "bun:test";
import { announceAddress } from "./announce-address";

const sdp = [
  "v=0",
  "o=- 1 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "m=audio 40010 UDP/TLS/RTP/SAVPF 111",
  "c=IN IP4 172.19.0.2",
  "a=candidate:1 1 udp 2122265343 fdaa::2 40010 typ host generation 0",
  "a=candidate:2 1 udp 2122194687 172.19.0.2 40010 typ host generation 0",
  "a=candidate:3 1 udp 2122063615 127.0.0.1 40010 typ host generation 0",
  "a=candidate:4 1 tcp 1518214911 172.19.0.2 40010 typ host tcptype passive generation 0",
  "a=candidate:5 1 udp 1686052607 198.51.100.9 51000 typ srflx raddr 172.19.0.2 rport 40010",
  "a=candidate:6 1 udp 41885439 192.0.2.50 60000 typ relay raddr 198.51.100.9 rport 51000",
  "",
].join("\r\n");

describe("announcing a public address in the SDP", () => {
  test("IPv4 host candidates and the connection line carry it; ports stay; one per port", () => {
    const out = announceAddress(sdp, "203.0.113.7");
    expect(out).toContain("c=IN IP4 203.0.113.7\r\n");
    expect(out).toContain("a=candidate:2 1 udp 2122194687 203.0.113.7 40010 typ host generation 0");
    expect(out).toContain("tcp 1518214911 203.0.113.7 40010 typ host tcptype passive");
    // The loopback candidate became the same address and port: kept once.
    expect(out).not.toContain("a=candidate:3 ");
    expect(out).not.toMatch(/ 172\.19\.0\.2 \d+ typ host/);
    // Other families and kinds of candidate are left as they were.
    expect(out).toContain("fdaa::2 40010 typ host");
    expect(out).toContain("198.51.100.9 51000 typ srflx raddr 172.19.0.2 rport 40010");
    expect(out).toContain("192.0.2.50 60000 typ relay");
    expect(out.endsWith("\r\n")).toBe(true);
  });

  test("an IPv6 address replaces the IPv6 host candidates only", () => {
    const out = announceAddress(sdp, "2001:db8::7");
    expect(out).toContain("udp 2122265343 2001:db8::7 40010 typ host");
    expect(out).toContain("172.19.0.2 40010 typ host");
    expect(out).toContain("c=IN IP4 172.19.0.2");
  });
});
