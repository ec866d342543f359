import type { WhatsAppChannel } from "../domain/binding";
/** Which provider failed: named like the channel it serves (Twilio serves phone numbers). */
export type ProviderName = WhatsAppChannel | "twilio" | "livekit";

/**
 * What kind of failure a provider call met; branch on this, never on messages.
 * - `no_permission`: the user has not granted call permission (Graph error 138006).
 * - `auth`: the access token is wrong or expired (401/403, Graph error 190).
 * - `rate_limited`: too many calls for now (429 or Graph throttling codes).
 * - `invalid_request`, `not_found`: the provider refused the request as sent.
 * - `server`: the provider failed (5xx, Graph transient errors).
 * - `timeout`, `network`: no answer in time, or no connection.
 * - `aborted`: the caller's own signal cancelled the request.
 * - `bad_response`: a 2xx whose body is not what the API documents.
 * - `egress_refused`: the gateway would not send it: the tenant's base URL (or a redirect) leads
 *   to an address it may not reach (loopback, private, metadata...; see ALLOW_PRIVATE_EGRESS).
 */
export type ProviderErrorCategory =
  | "no_permission"
  | "auth"
  | "rate_limited"
  | "invalid_request"
  | "not_found"
  | "server"
  | "timeout"
  | "network"
  | "aborted"
  | "bad_response"
  | "egress_refused";

export interface ProviderErrorDetails {
  provider: ProviderName;
  /** The action attempted: `accept`, `connect`, `get_call_permission`... */
  action: string;
  category: ProviderErrorCategory;
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  /** The provider's own error code (Graph `error.code`), when it sent one. */
  code?: number | string;
  subcode?: number;
  /** Graph's `fbtrace_id`, for support tickets. */
  traceId?: string;
  /** How many requests were sent before giving up. */
  attempts: number;
}

/** Failures that may pass if the same request is sent again later. */
const TRANSIENT: ReadonlySet<ProviderErrorCategory> = new Set([
  "rate_limited",
  "server",
  "timeout",
  "network",
]);

/**
 * A failed provider call. `retryable` says the failure is transient (the same request may pass
 * later); whether it is safe to send again depends on the action, which the caller knows.
 */
export class ProviderError extends Error {
  override name = "ProviderError";
  readonly provider: ProviderName;
  readonly action: string;
  readonly category: ProviderErrorCategory;
  readonly status: number;
  readonly code: number | string | undefined;
  readonly subcode: number | undefined;
  readonly traceId: string | undefined;
  readonly attempts: number;
  readonly retryable: boolean;

  constructor(details: ProviderErrorDetails, message: string) {
    super(message);
    this.provider = details.provider;
    this.action = details.action;
    this.category = details.category;
    this.status = details.status;
    this.code = details.code;
    this.subcode = details.subcode;
    this.traceId = details.traceId;
    this.attempts = details.attempts;
    this.retryable = TRANSIENT.has(details.category);
  }
}

/** Category of an HTTP status when the body says nothing more specific. */
export function categoryOfStatus(status: number): ProviderErrorCategory {
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server";
  return "invalid_request";
}
