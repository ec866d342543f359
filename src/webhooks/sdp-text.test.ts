import { expect, test } from "bun:test";
import * as v from "valibot";
import { normaliseSdp, SdpSchema } from "./sdp-text";

const crlf = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n";

test("keeps a well-formed SDP as it is", () => {
  expect(normaliseSdp(crlf)).toBe(crlf);
});

test("turns literal escaped \\r\\n sequences into CRLF", () => {
  const escaped = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\n";
  expect(escaped).toContain("\\r\\n");
  expect(normaliseSdp(escaped)).toBe(crlf);
});

test("turns bare LF, escaped \\n and a missing final line end into CRLF", () => {
  expect(normaliseSdp("v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-")).toBe(crlf);
  expect(normaliseSdp("v=0\\no=- 1 2 IN IP4 127.0.0.1\\ns=-\\n")).toBe(crlf);
});

test("the schema normalises and refuses text that is not an SDP", () => {
  expect(v.parse(SdpSchema, "v=0\\r\\ns=-")).toBe("v=0\r\ns=-\r\n");
  expect(v.safeParse(SdpSchema, "hello").success).toBe(false);
  expect(v.safeParse(SdpSchema, "").success).toBe(false);
  expect(v.safeParse(SdpSchema, `v=0\r\n${"a=x\r\n".repeat(20_000)}`).success).toBe(false);
});
