import { type Context, Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type { LineEvent, LineEventSink, WhatsAppChannel } from "../calls/whatsapp/line-events";
import type { WebhookRoute } from "../domain/binding";
import type { AppEnv } from "../http/context";
import { errorResponse } from "../http/errors";
import type { WhatsAppLines } from "../lines/whatsapp-lines";
import {
  alreadyReplayed,
  type CallOwners,
  REPLAY_DESCRIPTION,
  REPLAY_STATUS,
  replayTo,
} from "../ownership/call-owners";
import { webhookEventLogFields } from "./event-log-fields";
import { lineEventFromMeta, lineEventFromWati } from "./line-event-mapping";
import { readSignedWhatsAppWebhook, readWatiWebhook, type SignedWebhook } from "./signed-webhook";
import { answerVerifyHandshake } from "./verify-handshake";
import type { WatiEvent } from "./wati-events";
import type { WhatsAppEvent } from "./whatsapp-events";

export interface WebhookDeps {
  /** The platform Meta app: `WHATSAPP_APP_SECRET` / `WHATSAPP_VERIFY_TOKEN`. */
  platformAppSecret?: string | undefined;
  platformVerifyToken?: string | undefined;
  /** The tenants' credentials, for their routes' signatures. */
  lines: Pick<WhatsAppLines, "credential">;
  /** The secret in a tenant's Wati webhook URL, for Wati deliveries it cannot sign. */
  webhookTokens: { matches(tenantId: string, channel: string, token: string): Promise<boolean> };
  /** Acts on an event after the webhook was acknowledged, on the route's lines only. */
  dispatch: LineEventSink;
  /** Set while the machine drains for shutdown: deliveries that would start a call go elsewhere. */
  drain?: DrainingWebhooks;
  /** Which machine holds the calls a delivery is about: deliveries for another are replayed. */
  owners?: Pick<CallOwners, "ofDelivery" | "ofEvents">;
  /** Whether the machine carries MAX_CALLS_PER_MACHINE calls: handled as a drain is. */
  capacity?: FullMachineWebhooks;
}

export interface FullMachineWebhooks {
  full: () => boolean;
  /** As for a drain: on Fly `fly-replay: elsewhere=true`, otherwise see DrainingWebhooks. */
  replayElsewhere: boolean;
}

export interface DrainingWebhooks {
  active: () => boolean;
  /**
   * Behind Fly's proxy (FLY_MACHINE_ID set): answer with `fly-replay: elsewhere=true`, so another
   * machine takes the delivery. Otherwise inbound calls are rejected through the provider, and
   * permission replies are refused with 503 for the provider to deliver again after the restart.
   */
  replayElsewhere: boolean;
}

/** Events that start a call (an inbound one, or an outbound one that waited for permission). */
const startsCall = (event: LineEvent | null) =>
  event?.type === "inbound_call" || event?.type === "permission_reply";

const TENANT_ID = /^ten_[0-9a-z]{23}$/;
const tags = ["Webhooks"];
/** Answers that hand a delivery on: to the machine holding its call, or away from a draining one. */
const whileDraining = {
  [REPLAY_STATUS]: { description: REPLAY_DESCRIPTION },
  503: {
    description:
      "The machine is shutting down (`draining`) or carries all the calls it can (`at_capacity`) and the delivery would start a call: on Fly with `fly-replay: elsewhere=true`",
  },
};

/**
 * Provider webhooks: the signature is checked over the raw bytes before anything is parsed, the
 * delivery is acknowledged at once, and the events are acted on afterwards.
 */
export function webhookRoutes(deps: WebhookDeps) {
  const tenantMetaSecrets = async (tenantId: string) =>
    TENANT_ID.test(tenantId)
      ? deps.lines.credential(tenantId, "whatsapp_cloud", "whatsapp_cloud")
      : null;

  return new Hono<AppEnv>()
    .get(
      "/whatsapp",
      describeRoute({
        tags,
        summary: "Meta webhook verification (platform app)",
        responses: { 200: { description: "The challenge" }, 403: { description: "Wrong token" } },
      }),
      (c) => verify(c, deps.platformVerifyToken),
    )
    .get(
      "/whatsapp/:tenantId",
      describeRoute({
        tags,
        summary: "Meta webhook verification (a tenant's own app)",
        responses: { 200: { description: "The challenge" }, 403: { description: "Wrong token" } },
      }),
      async (c) => verify(c, (await tenantMetaSecrets(c.req.param("tenantId")))?.verifyToken),
    )
    .post(
      "/whatsapp",
      describeRoute({
        tags,
        summary: "Meta webhook (platform app), signed with X-Hub-Signature-256",
        responses: {
          200: { description: "Acknowledged" },
          401: { description: "Missing or wrong signature" },
          ...whileDraining,
        },
      }),
      async (c) => {
        const raw = new Uint8Array(await c.req.arrayBuffer());
        const read = readSignedWhatsAppWebhook(
          raw,
          c.req.header("x-hub-signature-256"),
          deps.platformAppSecret,
        );
        return accept(c, read, (event) => lineEventFromMeta(event), "whatsapp_cloud", {
          kind: "platform",
        });
      },
    )
    .post(
      "/whatsapp/:tenantId",
      describeRoute({
        tags,
        summary: "Meta webhook (a tenant's own app), signed with its app secret",
        responses: {
          200: { description: "Acknowledged" },
          401: { description: "Missing or wrong signature" },
          ...whileDraining,
        },
      }),
      async (c) => {
        const secret = (await tenantMetaSecrets(c.req.param("tenantId")))?.appSecret;
        const raw = new Uint8Array(await c.req.arrayBuffer());
        const read = readSignedWhatsAppWebhook(raw, c.req.header("x-hub-signature-256"), secret);
        return accept(c, read, (event) => lineEventFromMeta(event), "whatsapp_cloud", {
          kind: "tenant",
          tenantId: c.req.param("tenantId"),
        });
      },
    )
    .post(
      "/wati/:tenantId",
      describeRoute({
        tags,
        summary: "Wati call webhooks and outbound callbacks, signed with the tenant's secret",
        description:
          "For tenants whose Wati credential has a `webhookSecret`: every body must carry its signature. Without a secret, use the URL with the tenant's webhook token instead.",
        responses: {
          200: { description: "Acknowledged" },
          401: { description: "Missing or wrong signature, or no secret set" },
          ...whileDraining,
        },
      }),
      async (c) => watiWebhook(c, c.req.param("tenantId"), undefined),
    )
    .post(
      "/wati/:tenantId/:token",
      describeRoute({
        tags,
        summary: "Wati call webhooks and outbound callbacks, authenticated by the URL's token",
        description:
          "The token is shown once when the tenant's Wati credential is first set, and replaced by `POST /v1/tenants/{tenantId}/webhook-token`. When the tenant also set a `webhookSecret`, the signature is required as well.",
        responses: {
          200: { description: "Acknowledged" },
          401: { description: "Wrong token or signature" },
          ...whileDraining,
        },
      }),
      async (c) => watiWebhook(c, c.req.param("tenantId"), c.req.param("token")),
    );

  /** Refused with 401 before the body is parsed unless its signature or URL token is right. */
  async function watiWebhook(
    c: Context<AppEnv>,
    tenantId: string,
    token: string | undefined,
  ): Promise<Response> {
    const wati = TENANT_ID.test(tenantId)
      ? await deps.lines.credential(tenantId, "wati", "wati")
      : null;
    const refuse = (message: string) => {
      c.get("log").warn("webhook refused", { channel: "wati", reason: message });
      return errorResponse(c, 401, "unauthorized", message);
    };
    if (!wati) return refuse("no Wati line is set up for this tenant");
    if (token !== undefined && !(await deps.webhookTokens.matches(tenantId, "wati", token)))
      return refuse("the webhook URL's token is wrong or was replaced");
    if (!wati.webhookSecret && token === undefined)
      return refuse(
        "unsigned Wati webhooks must use the webhook URL with the tenant's token (or set a webhookSecret)",
      );
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const read = readWatiWebhook(
      "auto",
      raw,
      c.req.header("x-hub-signature-256"),
      wati.webhookSecret,
    );
    return accept(c, read, (event) => lineEventFromWati(event), "wati", {
      kind: "tenant",
      tenantId,
    });
  }

  function verify(c: Context<AppEnv>, token: string | undefined): Response {
    const answer = answerVerifyHandshake(c.req.query(), token);
    return answer.ok
      ? new Response(answer.challenge, { status: 200, headers: { "content-type": "text/plain" } })
      : errorResponse(c, 403, "forbidden", `verification refused: ${answer.reason}`);
  }

  async function accept<E extends WhatsAppEvent | WatiEvent>(
    c: Context<AppEnv>,
    read: SignedWebhook<E>,
    toLineEvent: (event: E) => LineEvent | null,
    channel: WhatsAppChannel,
    route: WebhookRoute,
  ): Promise<Response> {
    const log = c.get("log");
    if (read.outcome === "unauthorized") {
      log.warn("webhook refused: bad signature", { channel, reason: read.reason });
      const message = `webhook signature ${read.reason.replace("_", " ")}`;
      return errorResponse(c, 401, "unauthorized", message);
    }
    if (read.outcome === "invalid") {
      // Signed, so it came from the provider; a retry would carry the same body. Acknowledge.
      log.warn("webhook body not understood", { channel, issues: read.error.issues });
      return c.json({ received: true, understood: false }, 200);
    }
    const events = read.events.map((event) => ({ event, lineEvent: toLineEvent(event) }));
    const lineEvents = events.flatMap((e) => (e.lineEvent ? [e.lineEvent] : []));
    // After the signature, before the acknowledgement: the owner acts on it, or the provider
    // retries.
    if (deps.owners && !alreadyReplayed(c)) {
      const owner = await deps.owners.ofDelivery(channel, route, lineEvents);
      if (owner) return replayTo(c, owner);
    }
    const refused = refuseNewCall(
      c,
      events.map((e) => e.lineEvent),
    );
    if (refused) return refused;
    const heldElsewhere = await replayedForOthers(c, channel, route, lineEvents);
    for (const { event, lineEvent } of events) {
      log.info("webhook event", { channel, ...webhookEventLogFields(event) });
      if (lineEvent && !heldElsewhere.has(lineEvent)) deps.dispatch(channel, lineEvent, route);
    }
    if (heldElsewhere.size > 0) {
      // Not acknowledged: the provider delivers again, and that delivery reaches the other
      // machine; the events acted on here are repeats by then and are not acted on twice.
      log.warn("replayed webhook delivery has events for a call on another machine", {
        channel,
        leftForOthers: heldElsewhere.size,
      });
      return errorResponse(
        c,
        REPLAY_STATUS,
        "call_elsewhere",
        "some events of this delivery are about a call live on another machine; deliver again",
      );
    }
    return c.json({ received: true }, 200);
  }

  /**
   * In a delivery Fly already replayed here (never replayed again), the events about a call that
   * another machine holds: one delivery can name calls on two machines and is replayed whole to
   * the first. Acting on those here would find no call, yet use up their receipts, so the machine
   * holding the call would ignore the provider's next delivery as a repeat. They are left alone.
   */
  async function replayedForOthers(
    c: Context<AppEnv>,
    channel: WhatsAppChannel,
    route: WebhookRoute,
    lineEvents: readonly LineEvent[],
  ): Promise<Set<LineEvent>> {
    if (!deps.owners || !alreadyReplayed(c) || lineEvents.length === 0) return new Set();
    const owners = await deps.owners.ofEvents(channel, route, lineEvents);
    return new Set(lineEvents.filter((_, i) => owners[i] !== null));
  }

  /**
   * A draining or full machine hands deliveries that start a call to another one (see
   * DrainingWebhooks); off Fly an inbound call goes on to be rejected through the provider.
   */
  function refuseNewCall(
    c: Context<AppEnv>,
    events: readonly (LineEvent | null)[],
  ): Response | null {
    if (!events.some(startsCall)) return null;
    const { drain, capacity } = deps;
    const refusal = drain?.active()
      ? { code: "draining", replay: drain.replayElsewhere }
      : capacity?.full()
        ? { code: "at_capacity", replay: capacity.replayElsewhere }
        : null;
    if (!refusal) return null;
    const permissionReply = events.some((e) => e?.type === "permission_reply");
    if (!refusal.replay && !permissionReply) return null;
    c.get("log").info("webhook handed on", { refusal: refusal.code, replay: refusal.replay });
    if (refusal.replay) c.header("fly-replay", "elsewhere=true");
    return refusal.code === "draining"
      ? errorResponse(c, 503, refusal.code, "this gateway is shutting down; deliver again")
      : errorResponse(
          c,
          503,
          refusal.code,
          "this gateway carries all the calls it can; deliver again",
        );
  }
}
