/** An IP address as a number: 32 bits for IPv4, 128 for IPv6. */
export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

/** An address range: the first `prefix` bits of `base`. */
export interface Cidr {
  family: 4 | 6;
  base: bigint;
  prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

/**
 * A literal address in its standard text form: a dotted quad (no leading zeros, so nothing reads
 * as octal) or IPv6, optionally in brackets or with a zone id. Null for anything else, host names
 * included. Shorthand such as `127.1` or `0x7f.1` is not accepted here: URLs are parsed first,
 * and the URL parser rewrites those to dotted quads.
 */
export function parseIp(text: string): IpAddress | null {
  const bare = text.replace(/^\[(.*)\]$/, "$1").replace(/%[^%]*$/, "");
  const v4 = ipv4Value(bare);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = ipv6Value(bare);
  return v6 === null ? null : { family: 6, value: v6 };
}

function ipv4Value(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function ipv6Value(text: string): bigint | null {
  let head = text;
  const groups: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = ipv4Value(dotted[1]);
    if (v4 === null) return null;
    head = text.slice(0, -dotted[1].length);
    if (!head.endsWith(":")) return null;
    if (!head.endsWith("::")) head = head.slice(0, -1);
    groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const words = (half: string | undefined) => (half ? half.split(":") : []);
  const left = words(halves[0]);
  const right = words(halves[1]);
  if (![...left, ...right].every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  const given = left.length + right.length + groups.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const zeros: string[] = Array(8 - given).fill("0");
  const all = [...left, ...(halves.length === 2 ? zeros : []), ...right].map((g) =>
    Number.parseInt(g, 16),
  );
  return [...all, ...groups].reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** `address/prefix`, e.g. `10.0.0.0/8` or `fd00::/8`; host bits are cleared. Null if malformed. */
export function parseCidr(text: string): Cidr | null {
  const match = /^([^/]+)\/(0|[1-9]\d{0,2})$/.exec(text.trim());
  if (!match?.[1] || !match[2]) return null;
  const ip = parseIp(match[1]);
  const prefix = Number(match[2]);
  if (!ip || match[1].startsWith("[") || prefix > BITS[ip.family]) return null;
  const shift = BigInt(BITS[ip.family] - prefix);
  return { family: ip.family, base: (ip.value >> shift) << shift, prefix };
}

/** Builds a range from text known to be valid (the tables of special ranges). */
export function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`not a CIDR: ${text}`);
  return parsed;
}

export function inCidr(range: Cidr, ip: IpAddress): boolean {
  if (range.family !== ip.family) return false;
  const shift = BigInt(BITS[ip.family] - range.prefix);
  return ip.value >> shift === range.base >> shift;
}
