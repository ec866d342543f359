import { invalid } from "../domain/errors";
import { type EgressPolicy, EgressRefused } from "../net/egress-guard";
import type { Lookup } from "../net/guarded-fetch";
import { parseIp } from "../net/ip";

/**
 * Refuses, with a 400 naming the field, an endpoint URL the gateway would never deliver to: a
 * refused scheme or address, written literally or (when the name resolves now) behind a name.
 * A name that does not resolve yet is accepted; every delivery checks its address again.
 */
export async function checkEndpointUrl(
  url: string,
  egress: EgressPolicy,
  lookup: Lookup,
): Promise<void> {
  const refuse = (error: EgressRefused) => {
    const message = `webhooks are not delivered to this URL: ${error.explanation}`;
    return invalid(`body.url: ${message}`, { issues: [{ field: "body.url", message }] });
  };
  let host: ReturnType<EgressPolicy["checkUrl"]>;
  try {
    host = egress.checkUrl(url);
  } catch (error) {
    if (error instanceof EgressRefused) throw refuse(error);
    throw error;
  }
  if (host.literal) return;
  let addresses: ReadonlyArray<{ address: string }> = [];
  try {
    // A slow resolver does not hold the request up: delivery checks again anyway.
    const slow = new Promise<never>((_, reject) => setTimeout(reject, 3000).unref());
    addresses = await Promise.race([lookup(host.hostname), slow]);
  } catch {
    return;
  }
  for (const { address } of addresses) {
    const ip = parseIp(address);
    const reason = ip ? egress.refusalFor(ip) : "unparseable";
    if (reason) throw refuse(new EgressRefused(reason));
  }
}
