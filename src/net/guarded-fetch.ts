import { lookup as dnsLookup } from "node:dns/promises";
import { type CheckedHost, type EgressPolicy, EgressRefused } from "./egress-guard";
import { parseIp } from "./ip";

/** The part of fetch the gateway's HTTP clients use; bodies are text so a 307 can resend them. */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export type Fetch = (url: string, init?: FetchInit) => Promise<Response>;

/** For URLs the operator configured in the environment: trusted, so fetched as they are. */
export const operatorFetch: Fetch = (url, init) => fetch(url, init);

/** Every address a host name resolves to. */
export type Lookup = (hostname: string) => Promise<ReadonlyArray<{ address: string }>>;

export const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true });

export interface GuardedFetchOptions {
  policy: EgressPolicy;
  /** DNS resolution; tests inject their own. */
  lookup?: Lookup;
  /** Redirects followed, each one checked like the first URL; default 3. */
  maxRedirects?: number;
  /** For the whole exchange: lookups, redirects and the final body; default 10 s. */
  timeoutMs?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Never carried to another origin by a redirect, as browsers do. */
const ORIGIN_BOUND_HEADERS = ["authorization", "cookie", "proxy-authorization"];

/**
 * fetch for URLs a tenant supplied. Each URL, the first and every redirect target, is checked
 * before anything is sent: scheme, user info, then every address its host resolves to.
 *
 * Against DNS rebinding (a name that resolves to a public address for the check and to an
 * internal one for the connection), the request goes to the very address that was checked: the
 * URL is rewritten to that IP, with the original Host header, and for https the original name as
 * TLS server name, so the certificate is still verified against the name. The response's `url`
 * is therefore the pinned one. An HTTP proxy set in the environment is still used.
 */
export function guardedFetch(options: GuardedFetchOptions): Fetch {
  const { policy } = options;
  const lookup = options.lookup ?? systemLookup;
  const maxRedirects = options.maxRedirects ?? 3;

  const resolveAllowed = async (target: CheckedHost, host: string, hop: Hop): Promise<string> => {
    if (target.literal) return target.hostname;
    let addresses: ReadonlyArray<{ address: string }> = [];
    try {
      addresses = await untilAborted(lookup(target.hostname), hop.signal);
    } catch (error) {
      if (hop.signal.aborted) throw error;
    }
    const first = addresses[0]?.address;
    if (!first) throw new Error(`could not resolve ${host}`);
    for (const { address } of addresses) {
      const ip = parseIp(address);
      const refusal = ip ? policy.refusalFor(ip) : "unparseable";
      if (refusal) throw new EgressRefused(refusal, { host, address, redirect: hop.redirect });
    }
    return first;
  };

  const fetchPinned = async (url: string, hop: Hop): Promise<Response> => {
    const target = policy.checkUrl(url, hop.redirect);
    const original = new URL(url);
    const address = await resolveAllowed(target, original.host, hop);
    const pinned = new URL(original);
    const bare = address.replace(/%.*$/, "");
    pinned.hostname = bare.includes(":") ? `[${bare}]` : bare;
    // The URL setter ignores a value it cannot take; never fall back to connecting by name.
    if (parseIp(pinned.hostname)?.value !== parseIp(bare)?.value) {
      throw new Error(`could not connect to ${original.host} by its address`);
    }
    const headers = new Headers(hop.headers);
    headers.set("host", original.host);
    const tls =
      original.protocol === "https:" && !target.literal
        ? { tls: { serverName: target.hostname } }
        : {};
    try {
      return await fetch(pinned.href, {
        method: hop.method,
        headers,
        ...(hop.body !== undefined && { body: hop.body }),
        signal: hop.signal,
        redirect: "manual",
        ...tls,
      });
    } catch (error) {
      if (hop.signal.aborted) throw error;
      // The runtime's message may quote the full URL; say only where and how it failed.
      const code = (error as { code?: unknown }).code;
      throw new Error(`request to ${original.host} failed (${String(code ?? "no connection")})`);
    }
  };

  return async (url, init = {}) => {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const hop: Hop = {
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      body: init.body,
      signal,
      redirect: false,
    };
    let current = url;
    for (let redirects = 0; ; redirects++) {
      const response = await fetchPinned(current, hop);
      const location = response.headers.get("location");
      if (!REDIRECTS.has(response.status) || location === null) return response;
      await response.body?.cancel();
      if (redirects >= maxRedirects)
        throw new EgressRefused("too_many_redirects", { redirect: true });
      const next = URL.parse(location, current);
      if (!next) throw new EgressRefused("bad_redirect", { redirect: true });
      followRedirect(hop, response.status, new URL(current).origin !== next.origin);
      current = next.href;
    }
  };
}

interface Hop {
  method: string;
  headers: Headers;
  body: string | undefined;
  signal: AbortSignal;
  redirect: boolean;
}

/** What the next request keeps, as fetch does: 303 (and 301/302 after POST) become a GET. */
function followRedirect(hop: Hop, status: number, crossOrigin: boolean) {
  hop.redirect = true;
  const toGet =
    (status === 303 && hop.method !== "HEAD") || (status < 303 && hop.method === "POST");
  if (toGet) {
    hop.method = "GET";
    hop.body = undefined;
    for (const name of ["content-type", "content-length"]) hop.headers.delete(name);
  }
  if (crossOrigin) for (const name of ORIGIN_BOUND_HEADERS) hop.headers.delete(name);
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener("abort", stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}
