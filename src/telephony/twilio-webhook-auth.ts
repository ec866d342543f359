import type { Context } from "hono";
import type { AppEnv } from "../http/context";
import { errorResponse } from "../http/errors";
import type { TwilioAccount } from "./twilio-rest";
import { verifyTwilioSignature } from "./twilio-signature";

export interface SignedWebhookDeps {
  /** PUBLIC_BASE_URL: Twilio signs the URL it called, so the route rebuilds it from this. */
  publicBaseUrl: string | undefined;
  /** The tenant's credential named `twilio`, or null without one. */
  account(tenantId: string): Promise<TwilioAccount | null>;
}

export interface SignedRequest {
  tenantId: string;
  account: TwilioAccount;
  /** The form fields, as signed. */
  fields: Record<string, string>;
}

const TENANT_ID = /^ten_[0-9a-z]{23}$/;

/**
 * The form of a request Twilio signed for the tenant in the path, or the refusal to send: 503
 * without PUBLIC_BASE_URL, 401 without the tenant's credential, with a missing or wrong
 * `X-Twilio-Signature` (HMAC-SHA1 with the auth token over the full URL and the sorted fields),
 * or with an `AccountSid` field other than the credential's.
 */
export async function signedTwilioRequest(
  c: Context<AppEnv>,
  deps: SignedWebhookDeps,
): Promise<SignedRequest | Response> {
  const tenantId = c.req.param("tenantId") ?? "";
  const refuse = (message: string) => {
    c.get("log").warn("webhook refused", { channel: "twilio", reason: message });
    return errorResponse(c, 401, "unauthorized", message);
  };
  if (!deps.publicBaseUrl)
    return errorResponse(c, 503, "not_configured", "PUBLIC_BASE_URL is not set");
  const account = TENANT_ID.test(tenantId) ? await deps.account(tenantId) : null;
  if (!account) return refuse("no Twilio credential is set up for this tenant");
  const params = [...new URLSearchParams(await c.req.text())];
  const search = new URL(c.req.url).search;
  const url = `${deps.publicBaseUrl.replace(/\/+$/, "")}${c.req.path}${search}`;
  if (!verifyTwilioSignature(account.authToken, url, params, c.req.header("x-twilio-signature")))
    return refuse("webhook signature missing or wrong");
  const fields = Object.fromEntries(params);
  if (fields.AccountSid !== account.accountSid)
    return refuse("the request is for another Twilio account");
  return { tenantId, account, fields };
}
