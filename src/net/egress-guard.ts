import { type AddressClass, classifyAddress, embeddedIpv4 } from "./address-class";
import { type Cidr, type IpAddress, inCidr, parseCidr, parseIp } from "./ip";

/** Why the gateway will not fetch a URL. */
export type EgressReason =
  | Exclude<AddressClass, "public">
  | "scheme"
  | "credentials"
  | "unparseable"
  | "too_many_redirects"
  | "bad_redirect";

const WHY: Record<EgressReason, string> = {
  metadata: "it is a cloud metadata service",
  loopback: "it is a loopback address",
  private: "it is a private network address",
  link_local: "it is a link-local address",
  cgnat: "it is a shared (carrier-grade NAT) address",
  multicast: "it is a multicast address",
  unspecified: "it is an unspecified address",
  broadcast: "it is the broadcast address",
  reserved: "it is a reserved or special-purpose address",
  scheme: "only http and https URLs are allowed",
  credentials: "the URL must not carry a user name or password",
  unparseable: "it is not a valid URL",
  too_many_redirects: "too many redirects",
  bad_redirect: "its Location is not a valid URL",
};

/**
 * A URL the gateway refuses to fetch. The message names the host and, for a name, the address it
 * resolved to; never the path, query or user info, which may carry secrets.
 */
export class EgressRefused extends Error {
  override name = "EgressRefused";
  /** Why, without the host: `it is a loopback address`. */
  readonly explanation: string;
  constructor(
    readonly reason: EgressReason,
    where: { host?: string; address?: string; redirect?: boolean } = {},
  ) {
    const to = where.host ? ` to ${where.host}` : "";
    const subject = where.redirect
      ? `refused a redirect${to}`
      : where.host
        ? `refused to connect${to}`
        : "refused the URL";
    const resolved = where.address && where.address !== where.host ? ` (${where.address})` : "";
    super(`${subject}${resolved}: ${WHY[reason]}`);
    this.explanation = WHY[reason];
  }
}

/** Classes an operator may open with ALLOW_PRIVATE_EGRESS; the rest are never an HTTP endpoint. */
const ALLOWABLE: ReadonlySet<AddressClass> = new Set([
  "loopback",
  "private",
  "link_local",
  "cgnat",
  "reserved",
]);

/** Host names of metadata services, refused before any lookup. */
const METADATA_HOSTS = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
]);

/** A URL's host after the checks that need no lookup: its literal address, if it is one. */
export interface CheckedHost {
  /** As in the URL, without brackets or a trailing dot. */
  hostname: string;
  literal: IpAddress | null;
}

/**
 * Which addresses tenant-supplied URLs may reach: public ones, plus the private ranges an
 * operator names (ALLOW_PRIVATE_EGRESS). Metadata services stay refused whatever the list says.
 */
export class EgressPolicy {
  private constructor(private readonly allowed: readonly Cidr[]) {}

  /** Only public addresses. */
  static readonly publicOnly = new EgressPolicy([]);

  /** @throws Error naming the entry when one is not a CIDR. */
  static allowing(ranges: readonly string[]): EgressPolicy {
    return new EgressPolicy(
      ranges.map((text) => {
        const range = parseCidr(text);
        if (!range) throw new Error(`not an IPv4 or IPv6 CIDR: ${text}`);
        return range;
      }),
    );
  }

  /** Why an address may not be connected to, or null when it may. */
  refusalFor(ip: IpAddress): EgressReason | null {
    const kind = classifyAddress(ip);
    if (kind === "public") return null;
    const v4 = embeddedIpv4(ip);
    const listed = this.allowed.some((r) => inCidr(r, ip) || (v4 !== null && inCidr(r, v4)));
    return listed && ALLOWABLE.has(kind) ? null : kind;
  }

  /** The checks that need no DNS: scheme, user info, metadata names, literal addresses. */
  checkUrl(url: string | URL, redirect = false): CheckedHost {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new EgressRefused("unparseable", { redirect });
    }
    const hostname = parsed.hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
    const host = parsed.host;
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new EgressRefused("scheme", { redirect });
    }
    if (parsed.username || parsed.password) throw new EgressRefused("credentials", { redirect });
    if (METADATA_HOSTS.has(hostname.toLowerCase())) {
      throw new EgressRefused("metadata", { host, redirect });
    }
    const literal = parseIp(hostname);
    const refusal = literal && this.refusalFor(literal);
    if (refusal) throw new EgressRefused(refusal, { host, redirect });
    return { hostname, literal };
  }
}
