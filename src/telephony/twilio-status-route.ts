import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { AppEnv } from "../http/context";
import { errorResponse } from "../http/errors";
import {
  alreadyReplayed,
  REPLAY_DESCRIPTION,
  REPLAY_STATUS,
  replayTo,
} from "../ownership/call-owners";
import { applyPhoneStatus, type PhoneStatusDeps, TWILIO_CALL_STATUSES } from "./phone-status";
import { type SignedWebhookDeps, signedTwilioRequest } from "./twilio-webhook-auth";

const StatusCallback = v.object({
  CallSid: v.pipe(v.string(), v.regex(/^CA[0-9a-f]{32}$/)),
  CallStatus: v.picklist(TWILIO_CALL_STATUSES),
});
/** The call id the gateway puts in the callback URL of a call it places (signed with it). */
const CallIdQuery = v.optional(v.pipe(v.string(), v.regex(/^call_[0-9a-z]{23}$/)));

/**
 * `POST /webhooks/twilio/{tenantId}/status`: Twilio's status callbacks for the tenant's phone
 * calls (those the gateway places name it; a number's own status callback may too), signed like
 * the voice webhook.
 */
export function twilioStatusRoutes(deps: SignedWebhookDeps & PhoneStatusDeps) {
  return new Hono<AppEnv>().post(
    "/:tenantId/status",
    describeRoute({
      tags: ["Webhooks"],
      summary: "Twilio call status callback, signed with X-Twilio-Signature",
      description:
        "Twilio reports a phone call's progress here (the gateway names it, with `?callId=`, when it places a call). `ringing` and `in-progress` (answered) move the call on; `busy`, `no-answer`, `failed`, `canceled` and `completed` end it (`busy`, `no_answer`, `provider_failed`, `provider_terminated`, `caller_hung_up`). A call SID that is not one of this tenant's phone calls changes nothing.",
      responses: {
        200: { description: "Received" },
        400: { description: "Signed, but not a status callback" },
        401: { description: "Missing or wrong signature, or no Twilio credential for the tenant" },
        [REPLAY_STATUS]: { description: REPLAY_DESCRIPTION },
        503: { description: "PUBLIC_BASE_URL is not set, so signatures cannot be checked" },
      },
    }),
    async (c) => {
      const signed = await signedTwilioRequest(c, deps);
      if (signed instanceof Response) return signed;
      const parsed = v.safeParse(StatusCallback, signed.fields);
      if (!parsed.success)
        return errorResponse(c, 400, "invalid_request", "not a Twilio status callback");
      const callId = v.safeParse(CallIdQuery, c.req.query("callId"));
      if (!callId.success) return errorResponse(c, 400, "invalid_request", "callId: not a call id");
      const elsewhere = await applyPhoneStatus(deps, {
        tenantId: signed.tenantId,
        callSid: parsed.output.CallSid,
        status: parsed.output.CallStatus,
        callId: callId.output,
        mayReplay: !alreadyReplayed(c),
      });
      if (elsewhere) return replayTo(c, elsewhere.replayTo);
      return c.json({ received: true }, 200);
    },
  );
}
