import { expect, test } from "bun:test";
import { type AddressClass, classifyAddress } from "./address-class";
import { parseIp } from "./ip";

const kindOf = (text: string): AddressClass => {
  const ip = parseIp(text);
  if (!ip) throw new Error(`test address does not parse: ${text}`);
  return classifyAddress(ip);
};

const CASES: Record<AddressClass, string[]> = {
  public: [
    "8.8.8.8",
    "1.1.1.1",
    "100.63.255.255",
    "172.32.0.1",
    "2606:4700::1111",
    "::ffff:8.8.8.8",
  ],
  metadata: [
    "169.254.169.254",
    "169.254.170.2",
    "100.100.100.200",
    "fd00:ec2::254",
    "::ffff:169.254.169.254",
  ],
  loopback: [
    "127.0.0.1",
    "127.255.255.254",
    "::1",
    "::ffff:127.0.0.1",
    "::ffff:0:127.0.0.1",
    "64:ff9b::127.0.0.1",
    "2002:7f00:1::",
  ],
  private: [
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "fc00::1",
    "fdaa::3",
    "fec0::1",
    "64:ff9b:1::1",
    "::ffff:10.0.0.1",
  ],
  link_local: ["169.254.1.1", "fe80::1", "febf::1"],
  cgnat: ["100.64.0.1", "100.127.255.255"],
  multicast: ["224.0.0.1", "239.255.255.250", "ff02::1"],
  unspecified: ["0.0.0.0", "0.1.2.3", "::", "::ffff:0.0.0.0"],
  broadcast: ["255.255.255.255"],
  reserved: [
    "240.0.0.1",
    "192.0.2.1",
    "198.18.0.1",
    "203.0.113.9",
    "2001:db8::1",
    "::127.0.0.1",
    "100::1",
    "2001::1",
    "4000::1",
  ],
};

for (const [kind, addresses] of Object.entries(CASES)) {
  test(`${kind}: ${addresses.join(", ")}`, () => {
    for (const address of addresses)
      expect(`${address} ${kindOf(address)}`).toBe(`${address} ${kind}`);
  });
}
