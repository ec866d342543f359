import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import type { WhatsAppDialler } from "../../calls/whatsapp/whatsapp-dialler";
import { DomainError, invalid } from "../../domain/errors";
import type { PhoneDialler } from "../../telephony/phone-dialler";
import type { AppEnv } from "../context";
import {
  conflictResponse,
  failure,
  named,
  providerFailures,
  quotaResponse,
  resourceId,
  responses,
} from "../schemas";
import { scopeOf } from "../scope";
import { validate } from "../validate";

const PlaceCallBody = named(
  "PlaceCallRequest",
  v.strictObject({
    agentId: resourceId("agt"),
    channel: v.pipe(
      v.picklist(["whatsapp", "phone"]),
      v.description(
        "whatsapp: from the agent's WhatsApp line; phone: from the agent's Twilio number",
      ),
    ),
    to: v.pipe(
      v.string(),
      v.regex(/^\+?\d{6,15}$/, "must be the callee's number in international form"),
    ),
    variables: v.optional(
      v.pipe(
        v.record(
          v.pipe(v.string(), v.regex(/^[a-zA-Z_]\w{0,63}$/)),
          v.pipe(v.string(), v.maxLength(500)),
        ),
        v.maxEntries(100),
      ),
      {},
    ),
  }),
);
const PlacedCall = named(
  "PlacedCall",
  v.object({
    callId: v.string(),
    status: v.pipe(
      v.string(),
      v.description("waiting_permission, dialing, ringing, … as on the conversation"),
    ),
  }),
);

const retryAfterOf = (details: unknown): number | undefined =>
  typeof details === "object" && details !== null && "retryAfterSeconds" in details
    ? Number(details.retryAfterSeconds)
    : undefined;

/** Calls the agent places: `POST /v1/calls` with an Idempotency-Key, answered 202. */
export function outboundCallRoutes(dialler: WhatsAppDialler, phone?: PhoneDialler) {
  return new Hono<AppEnv>().post(
    "/",
    describeRoute({
      tags: ["Calls"],
      summary:
        "Place a call from an agent: WhatsApp (asks the user's call permission first when needed) or a phone call through Twilio",
      description:
        "`channel: \"phone\"` calls `to` from the agent's Twilio number (its `twilio` binding, with the tenant's `twilio` credential; PUBLIC_BASE_URL must be set): the call is `dialing`, then `ringing`, and connects once answered; it ends as `busy`, `no_answer` or `provider_failed` when Twilio says so. " +
        "Send an `Idempotency-Key` header: a repeated request with the same key returns the same call, " +
        "whichever gateway machine it reaches. A repeat that arrives while the first request is still " +
        "placing the call waits for it (up to 2 s) and gets it; past that it is answered 409 " +
        "(`details.retryAfterSeconds`), and a retry then gets the call. Keys are the tenant's own.",
      parameters: [
        {
          in: "header",
          name: "Idempotency-Key",
          required: true,
          description:
            "Names this call within the tenant: a repeated request with the same key returns the same call",
          schema: { type: "string", pattern: "^[\\w.:-]{1,255}$" },
        },
      ],
      responses: {
        ...responses(PlacedCall, 202, "Placing the call"),
        200: {
          description: "The call placed earlier with this Idempotency-Key",
          content: { "application/json": { schema: resolver(PlacedCall) } },
        },
        ...quotaResponse,
        ...conflictResponse(
          "The agent has no published version; the user has not allowed calls and cannot be asked " +
            "yet; or an earlier request with this Idempotency-Key is still placing its call (retry " +
            "after `details.retryAfterSeconds` to get it)",
        ),
        ...providerFailures,
        503: failure(
          "draining: this machine is shutting down and takes no new calls; or the WhatsApp " +
            "provider is rate limiting or unavailable. Try again later",
        ),
      },
    }),
    validate("json", PlaceCallBody),
    async (c) => {
      if (c.get("principal").kind === "call_token") {
        throw new DomainError("forbidden", "a call token cannot place calls; use an API key");
      }
      const key = c.req.header("idempotency-key");
      if (!key || !/^[\w.:-]{1,255}$/.test(key)) {
        throw invalid("header.Idempotency-Key: required, 1–255 letters, digits or . _ : -");
      }
      const body = c.req.valid("json");
      const placer = body.channel === "phone" ? phone : dialler;
      if (!placer) throw invalid("channel: phone calls are not available on this gateway");
      const placed = await placer
        .place({
          tenantId: scopeOf(c.get("principal")),
          agentId: body.agentId,
          to: body.to.replace(/^\+/, ""),
          variables: body.variables,
          idempotencyKey: key,
        })
        .catch((error: unknown) => {
          // The same key still being placed elsewhere: say when to come back for the call.
          const wait = error instanceof DomainError && retryAfterOf(error.details);
          if (wait) c.header("Retry-After", String(wait));
          throw error;
        });
      return c.json({ callId: placed.callId, status: placed.status }, placed.replayed ? 200 : 202);
    },
  );
}
