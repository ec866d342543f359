import { type Context, Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { CallService } from "../calls/call-service";
import { QuotaExceeded } from "../calls/monthly-quota";
import type { ChannelBinding } from "../domain/binding";
import { DomainError } from "../domain/errors";
import { maskPhone, normalisePhone } from "../domain/phone";
import type { AppEnv } from "../http/context";
import { errorResponse } from "../http/errors";
import type { StreamTokens } from "./stream-tokens";
import { verifyTwilioSignature } from "./twilio-signature";
import { connectStreamTwiml, rejectTwiml } from "./twiml";

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
}

export interface TwilioVoiceDeps {
  /** PUBLIC_BASE_URL: Twilio signs the URL it called, so the route rebuilds it from this. */
  publicBaseUrl: string | undefined;
  /** The tenant's credential named `twilio`, or null without one. */
  account(tenantId: string): Promise<TwilioAccount | null>;
  /** The tenant's `twilio` binding for a number (digits only). */
  binding(tenantId: string, number: string): Promise<ChannelBinding | null>;
  calls: Pick<CallService, "target" | "recordRefused">;
  tokens: StreamTokens;
}

const TENANT_ID = /^ten_[0-9a-z]{23}$/;
const sid = (prefix: string) => v.pipe(v.string(), v.regex(new RegExp(`^${prefix}[0-9a-f]{32}$`)));
/** The form fields of Twilio's voice request that the gateway uses (it sends many more). */
const VoiceRequest = v.object({
  AccountSid: sid("AC"),
  CallSid: sid("CA"),
  To: v.pipe(v.string(), v.maxLength(64)),
  From: v.pipe(v.string(), v.maxLength(64)),
});

/** The stream URL's path: the tenant, then the single-use token. */
export const STREAM_PATH = "/media/twilio";

/**
 * `POST /webhooks/twilio/{tenantId}/voice`: Twilio asks what to do with a call to one of the
 * tenant's numbers. The signature is checked before anything else; the answer connects the call
 * to a media stream on this gateway, with a single-use token in its URL.
 */
export function twilioVoiceRoutes(deps: TwilioVoiceDeps) {
  return new Hono<AppEnv>().post(
    "/:tenantId/voice",
    describeRoute({
      tags: ["Webhooks"],
      summary: "Twilio voice webhook (a call to a tenant's number), signed with X-Twilio-Signature",
      description:
        "Set as the number's *A call comes in* webhook (HTTP POST). The signature is checked with the auth token of the tenant's credential named `twilio`, over `PUBLIC_BASE_URL` + this path. The number must be bound to an agent (`channel: \"twilio\"`). The answer is TwiML: `<Connect><Stream>` to `wss://…/media/twilio/{tenantId}/{token}`, where the token is good once, for this tenant, for 30 s; or `<Reject/>` when the number is not bound or the agent cannot take the call (unpublished, limits, quota, draining).",
      responses: {
        200: { description: "TwiML", content: { "application/xml": {} } },
        400: { description: "Signed, but not a voice request" },
        401: { description: "Missing or wrong signature, or no Twilio credential for the tenant" },
        503: { description: "PUBLIC_BASE_URL is not set, so signatures cannot be checked" },
      },
    }),
    async (c) => {
      const tenantId = c.req.param("tenantId");
      const log = c.get("log");
      const refuse = (message: string) => {
        log.warn("webhook refused", { channel: "twilio", reason: message });
        return errorResponse(c, 401, "unauthorized", message);
      };
      if (!deps.publicBaseUrl)
        return errorResponse(c, 503, "not_configured", "PUBLIC_BASE_URL is not set");
      const account = TENANT_ID.test(tenantId) ? await deps.account(tenantId) : null;
      if (!account) return refuse("no Twilio credential is set up for this tenant");
      const params = [...new URLSearchParams(await c.req.text())];
      const search = new URL(c.req.url).search;
      const url = `${deps.publicBaseUrl.replace(/\/+$/, "")}${c.req.path}${search}`;
      if (
        !verifyTwilioSignature(account.authToken, url, params, c.req.header("x-twilio-signature"))
      )
        return refuse("webhook signature missing or wrong");
      const parsed = v.safeParse(VoiceRequest, Object.fromEntries(params));
      if (!parsed.success)
        return errorResponse(c, 400, "invalid_request", "not a Twilio voice request");
      const call = parsed.output;
      if (call.AccountSid !== account.accountSid)
        return refuse("the request is for another Twilio account");
      return twiml(c, await answer(deps, tenantId, call, log));
    },
  );
}

async function answer(
  deps: TwilioVoiceDeps,
  tenantId: string,
  call: v.InferOutput<typeof VoiceRequest>,
  log: AppEnv["Variables"]["log"],
): Promise<string> {
  const number = normalisePhone(call.To);
  const binding = number ? await deps.binding(tenantId, number) : null;
  if (!binding) {
    log.warn("twilio call to an unbound number rejected", { to: maskPhone(call.To) });
    return rejectTwiml();
  }
  try {
    await deps.calls.target(tenantId, binding.agentId);
  } catch (error) {
    await deps.calls.recordRefused({
      tenantId,
      agentId: binding.agentId,
      channel: "phone",
      providerCallId: call.CallSid,
      remoteParty: maskPhone(call.From),
      remoteNumber: call.From,
      reason: error instanceof DomainError ? error.message : "the call could not be set up",
      rejectSent: true,
      endReason: error instanceof QuotaExceeded ? "quota_exceeded" : "rejected",
    });
    return rejectTwiml();
  }
  const token = deps.tokens.issue({
    tenantId,
    agentId: binding.agentId,
    bindingId: binding.id,
    accountSid: call.AccountSid,
    callSid: call.CallSid,
    from: call.From,
  });
  const base = (deps.publicBaseUrl ?? "").replace(/\/+$/, "").replace(/^http/, "ws");
  return connectStreamTwiml(`${base}${STREAM_PATH}/${tenantId}/${token}`);
}

function twiml(c: Context<AppEnv>, body: string): Response {
  return c.body(body, 200, { "content-type": "text/xml; charset=utf-8" });
}
