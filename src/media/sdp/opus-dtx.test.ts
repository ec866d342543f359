import { describe, expect, test } from "bun:test";
import { withOpusDtx } from "./opus-dtx";

const sdp = (fmtp: string[]) =>
  [
    "v=0",
    "o=- 1 2 IN IP4 127.0.0.1",
    "s=-",
    "t=0 0",
    "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 126",
    "c=IN IP4 0.0.0.0",
    "a=rtpmap:111 opus/48000/2",
    ...fmtp,
    "a=rtpmap:0 PCMU/8000",
    "a=rtpmap:126 telephone-event/8000",
    "",
  ].join("\r\n");

describe("withOpusDtx", () => {
  test("adds usedtx=1 to Opus's parameters and keeps the others", () => {
    const out = withOpusDtx(sdp(["a=fmtp:111 minptime=10;useinbandfec=1"]));
    expect(out).toContain("a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n");
    expect(out).toContain("a=rtpmap:0 PCMU/8000\r\n");
  });

  test("replaces usedtx=0 and adds a parameter line where Opus had none", () => {
    expect(withOpusDtx(sdp(["a=fmtp:111 usedtx=0;minptime=10"]))).toContain(
      "a=fmtp:111 minptime=10;usedtx=1\r\n",
    );
    expect(withOpusDtx(sdp([]))).toContain("a=rtpmap:111 opus/48000/2\r\na=fmtp:111 usedtx=1\r\n");
  });
});
