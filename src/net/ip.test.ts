import { describe, expect, test } from "bun:test";
import { cidr, inCidr, parseCidr, parseIp } from "./ip";

const ip = (text: string) => {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`test address does not parse: ${text}`);
  return parsed;
};

const hex = (text: string) => parseIp(text)?.value.toString(16);

describe("parseIp", () => {
  test("reads dotted quads and every IPv6 spelling to the same number", () => {
    expect(parseIp("127.0.0.1")).toEqual({ family: 4, value: 0x7f000001n });
    expect(hex("::1")).toBe("1");
    expect(hex("0:0:0:0:0:0:0:1")).toBe("1");
    expect(hex("::")).toBe("0");
    expect(hex("[::1]")).toBe("1");
    expect(hex("fe80::1%eth0")).toBe("fe800000000000000000000000000001");
    expect(hex("::ffff:127.0.0.1")).toBe("ffff7f000001");
    expect(hex("::ffff:7f00:1")).toBe("ffff7f000001");
    expect(hex("64:ff9b::10.0.0.1")).toBe("64ff9b00000000000000000a000001");
    expect(hex("2001:DB8::")).toBe("20010db8000000000000000000000000");
    expect(hex("1:2:3:4:5:6:7::")).toBe("10002000300040005000600070000");
  });

  test("refuses host names, shorthand and malformed addresses", () => {
    for (const text of [
      "localhost",
      "example.com",
      "2130706433",
      "0x7f.0.0.1",
      "127.1",
      "0177.0.0.1",
      "256.0.0.1",
      "1.2.3.4.5",
      "",
      ":::",
      "1::2::3",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7:8::",
      "12345::",
      "::g",
      "a1.2.3.4",
      "::1.2.3",
    ]) {
      expect(parseIp(text)).toBeNull();
    }
  });
});

describe("parseCidr", () => {
  test("reads both families and clears host bits", () => {
    expect(parseCidr("10.1.2.3/8")).toEqual({ family: 4, base: 0x0a000000n, prefix: 8 });
    expect(parseCidr("fd00::/8")?.prefix).toBe(8);
    expect(parseCidr("0.0.0.0/0")?.prefix).toBe(0);
    expect(parseCidr(" 127.0.0.1/32 ")?.base).toBe(0x7f000001n);
  });

  test("refuses a bare address, a prefix too long and bracketed IPv6", () => {
    for (const text of ["10.0.0.0", "10.0.0.0/33", "::/129", "[::1]/128", "10.0.0.0/08", "x/8"]) {
      expect(parseCidr(text)).toBeNull();
    }
  });
});

test("inCidr matches only addresses of the range's family inside its prefix", () => {
  const net = cidr("127.0.0.1/32");
  expect(inCidr(net, ip("127.0.0.1"))).toBe(true);
  expect(inCidr(net, ip("127.0.0.2"))).toBe(false);
  expect(inCidr(cidr("0.0.0.0/0"), ip("8.8.8.8"))).toBe(true);
  expect(inCidr(cidr("0.0.0.0/0"), ip("::1"))).toBe(false);
  expect(inCidr(cidr("fc00::/7"), ip("fdaa::3"))).toBe(true);
  expect(inCidr(cidr("fc00::/7"), ip("fe00::1"))).toBe(false);
});
