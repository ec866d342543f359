import type { CredentialValues } from "../domain/credentials";
import type { EgressPolicy } from "../net/egress-guard";
import { EgressRefused } from "../net/egress-guard";
import { type Lookup, systemLookup } from "../net/guarded-fetch";
import { parseIp } from "../net/ip";
import { ProviderError } from "../providers/provider-error";

type LiveKitCredential = Extract<CredentialValues, { kind: "livekit" }>;

/** A tenant's LiveKit project, from its `livekit` credential. */
export interface LiveKitAccount {
  /** The credential's name (which binding uses which project). */
  credentialName: string;
  /** Where the room service is called: http(s). */
  apiUrl: string;
  /** What participants connect to: ws(s). */
  clientUrl: string;
  apiKey: string;
  apiSecret: string;
}

/** The credential's `url` may be given either way (`wss://…` or `https://…`): both are derived. */
export function liveKitAccount(name: string, values: LiveKitCredential): LiveKitAccount {
  const url = values.url.replace(/\/+$/, "");
  return {
    credentialName: name,
    apiUrl: url.replace(/^ws(s?):/, "http$1:"),
    clientUrl: url.replace(/^http(s?):/, "ws$1:"),
    apiKey: values.apiKey,
    apiSecret: values.apiSecret,
  };
}

/**
 * The project's URL was given by the tenant: before the room service is called (the SDK does its
 * own fetch) its host must resolve only to addresses the gateway may reach (ALLOW_PRIVATE_EGRESS
 * for a LiveKit server on a private network). Unlike guardedFetch the connection is not pinned to
 * the checked address, since the SDK makes it.
 */
export async function checkLiveKitEgress(
  account: LiveKitAccount,
  policy: EgressPolicy,
  lookup: Lookup = systemLookup,
): Promise<void> {
  try {
    const host = policy.checkUrl(account.apiUrl);
    if (host.literal) return;
    const addresses = await lookup(host.hostname).catch(() => []);
    for (const { address } of addresses) {
      const ip = parseIp(address);
      const refusal = ip ? policy.refusalFor(ip) : "unparseable";
      if (refusal) throw new EgressRefused(refusal, { host: host.hostname, address });
    }
  } catch (error) {
    if (!(error instanceof EgressRefused)) throw error;
    throw new ProviderError(
      { provider: "livekit", action: "egress", category: "egress_refused", status: 0, attempts: 0 },
      error.message,
    );
  }
}
