import { type Cidr, cidr, type IpAddress, inCidr, parseIp } from "./ip";

/** What an address is, for deciding whether the gateway may connect to it. */
export type AddressClass =
  | "public"
  | "metadata"
  | "loopback"
  | "private"
  | "link_local"
  | "cgnat"
  | "multicast"
  | "unspecified"
  | "broadcast"
  | "reserved";

/** Cloud instance-metadata services (AWS incl. ECS/EKS, GCP, Azure, Oracle, Alibaba). */
const METADATA: readonly IpAddress[] = [
  "169.254.169.254",
  "169.254.169.253",
  "169.254.170.2",
  "169.254.170.23",
  "100.100.100.200",
  "fd00:ec2::254",
  "fd00:ec2::253",
  "fd00:ec2::23",
].map((text) => parseIp(text) as IpAddress);

/** IANA's special-purpose IPv4 ranges that no tenant endpoint should live in; first match wins. */
const IPV4: ReadonlyArray<[Cidr, AddressClass]> = [
  ["0.0.0.0/8", "unspecified"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "cgnat"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link_local"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "reserved"],
  ["192.0.2.0/24", "reserved"],
  ["192.88.99.0/24", "reserved"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "reserved"],
  ["198.51.100.0/24", "reserved"],
  ["203.0.113.0/24", "reserved"],
  ["224.0.0.0/4", "multicast"],
  ["255.255.255.255/32", "broadcast"],
  ["240.0.0.0/4", "reserved"],
].map(([range, kind]) => [cidr(range as string), kind as AddressClass]);

/** Special IPv6 ranges; anything else outside global unicast (2000::/3) is refused too. */
const IPV6: ReadonlyArray<[Cidr, AddressClass]> = [
  ["64:ff9b:1::/48", "private"],
  ["fc00::/7", "private"],
  ["fe80::/10", "link_local"],
  ["fec0::/10", "private"],
  ["ff00::/8", "multicast"],
  ["2001::/23", "reserved"],
  ["2001:db8::/32", "reserved"],
  ["3fff::/20", "reserved"],
].map(([range, kind]) => [cidr(range as string), kind as AddressClass]);

const GLOBAL_UNICAST = cidr("2000::/3");

/**
 * IPv6 forms that carry an IPv4 address a connection may end up at: IPv4-mapped (::ffff:0:0/96),
 * IPv4-translated (::ffff:0:0:0/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
 */
const EMBEDDING: ReadonlyArray<[Cidr, (value: bigint) => bigint]> = [
  [cidr("::ffff:0:0/96"), (value) => value & 0xffffffffn],
  [cidr("::ffff:0:0:0/96"), (value) => value & 0xffffffffn],
  [cidr("64:ff9b::/96"), (value) => value & 0xffffffffn],
  [cidr("2002::/16"), (value) => (value >> 80n) & 0xffffffffn],
];

export function embeddedIpv4(ip: IpAddress): IpAddress | null {
  if (ip.family !== 6) return null;
  const form = EMBEDDING.find(([range]) => inCidr(range, ip));
  return form ? { family: 4, value: form[1](ip.value) } : null;
}

export function classifyAddress(ip: IpAddress): AddressClass {
  if (METADATA.some((m) => m.family === ip.family && m.value === ip.value)) return "metadata";
  if (ip.family === 4) return IPV4.find(([range]) => inCidr(range, ip))?.[1] ?? "public";
  if (ip.value === 0n) return "unspecified";
  if (ip.value === 1n) return "loopback";
  const v4 = embeddedIpv4(ip);
  if (v4) return classifyAddress(v4);
  const special = IPV6.find(([range]) => inCidr(range, ip))?.[1];
  if (special) return special;
  // Outside global unicast: the rest of ::/96 (deprecated IPv4-compatible form), 100::/64...
  return inCidr(GLOBAL_UNICAST, ip) ? "public" : "reserved";
}
