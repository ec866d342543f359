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
import { REPLAY_STATUS } from "../ownership/call-owners";
import type { StreamTokens } from "./stream-tokens";
import { STREAM_PATH } from "./twilio-streams";
import { type SignedWebhookDeps, signedTwilioRequest } from "./twilio-webhook-auth";
import { connectStreamTwiml, rejectTwiml } from "./twiml";

export type { TwilioAccount } from "./twilio-rest";

export interface TwilioVoiceDeps extends SignedWebhookDeps {
  /** The tenant's `twilio` binding for a number (digits only). */
  binding(tenantId: string, number: string): Promise<ChannelBinding | null>;
  calls: Pick<CallService, "target" | "recordRefused" | "draining" | "atCapacity">;
  tokens: StreamTokens;
  /**
   * Behind Fly's proxy (FLY_MACHINE_ID set): a machine that takes no new call (draining, or at
   * MAX_CALLS_PER_MACHINE) answers `fly-replay: elsewhere=true`, so another machine takes it.
   */
  replayElsewhere?: boolean;
}

const sid = (prefix: string) => v.pipe(v.string(), v.regex(new RegExp(`^${prefix}[0-9a-f]{32}$`)));
/** The form fields of Twilio's voice request that the gateway uses (it sends many more). */
const VoiceRequest = v.object({
  AccountSid: sid("AC"),
  CallSid: sid("CA"),
  To: v.pipe(v.string(), v.maxLength(64)),
  From: v.pipe(v.string(), v.maxLength(64)),
});

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
        "Set as the number's *A call comes in* webhook (HTTP POST). The signature is checked with the auth token of the tenant's credential named `twilio`, over `PUBLIC_BASE_URL` + this path. The number must be bound to an agent (`channel: \"twilio\"`). The answer is TwiML: `<Connect><Stream>` to `wss://…/media/twilio/{tenantId}/{token}`, where the token is good once, for this tenant, for 30 s; or `<Reject/>` when the number is not bound or the agent cannot take the call (unpublished, limits, quota, draining). Behind Fly's proxy a machine that is draining or full answers 421 with `fly-replay: elsewhere=true` instead, and another machine answers.",
      responses: {
        200: { description: "TwiML", content: { "application/xml": {} } },
        400: { description: "Signed, but not a voice request" },
        401: { description: "Missing or wrong signature, or no Twilio credential for the tenant" },
        [REPLAY_STATUS]: {
          description:
            "This machine takes no new calls now (draining or full): `fly-replay: elsewhere=true`",
        },
        503: { description: "PUBLIC_BASE_URL is not set, so signatures cannot be checked" },
      },
    }),
    async (c) => {
      const handOn = handOnNewCall(c, deps);
      if (handOn) return handOn;
      const signed = await signedTwilioRequest(c, deps);
      if (signed instanceof Response) return signed;
      const parsed = v.safeParse(VoiceRequest, signed.fields);
      if (!parsed.success)
        return errorResponse(c, 400, "invalid_request", "not a Twilio voice request");
      return twiml(c, await answer(deps, signed.tenantId, parsed.output, c.get("log")));
    },
  );
}

/**
 * On Fly, a machine that takes no new calls hands the webhook to another one before doing
 * anything for it; one Fly already replayed (`fly-replay-src`) is answered here, busy if need be.
 */
function handOnNewCall(c: Context<AppEnv>, deps: TwilioVoiceDeps): Response | null {
  if (!deps.replayElsewhere || c.req.header("fly-replay-src") !== undefined) return null;
  const refusal = deps.calls.draining ? "draining" : deps.calls.atCapacity ? "at_capacity" : null;
  if (!refusal) return null;
  c.get("log").info("webhook handed on", { channel: "twilio", refusal, replay: true });
  c.header("fly-replay", "elsewhere=true");
  return errorResponse(c, REPLAY_STATUS, refusal, "this machine takes no new calls now");
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
  const token = await deps.tokens.issue({
    kind: "inbound",
    tenantId,
    agentId: binding.agentId,
    bindingId: binding.id,
    accountSid: call.AccountSid,
    callSid: call.CallSid,
    from: call.From,
  });
  return connectStreamTwiml(streamUrl(deps.publicBaseUrl ?? "", tenantId, token));
}

/** Where Twilio opens a stream: PUBLIC_BASE_URL as ws(s), the tenant and the token. */
export function streamUrl(publicBaseUrl: string, tenantId: string, token: string): string {
  const base = publicBaseUrl.replace(/\/+$/, "").replace(/^http/, "ws");
  return `${base}${STREAM_PATH}/${tenantId}/${token}`;
}

function twiml(c: Context<AppEnv>, body: string): Response {
  return c.body(body, 200, { "content-type": "text/xml; charset=utf-8" });
}
