import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { type WebhookEvent, WebhookReceiver } from "livekit-server-sdk";
import type { BackgroundTasks } from "../calls/background-tasks";
import type { AppEnv } from "../http/context";
import { errorResponse } from "../http/errors";
import {
  alreadyReplayed,
  REPLAY_DESCRIPTION,
  REPLAY_STATUS,
  replayTo,
} from "../ownership/call-owners";
import type { LiveKitAccount } from "./livekit-account";
import type { LiveKitCalls } from "./livekit-calls";

export interface LiveKitWebhookDeps {
  livekit: Pick<LiveKitCalls, "projects" | "roomEvent" | "isLiveHere">;
  /** Which events were acted on (per tenant and channel): a redelivery is acknowledged, not acted on. */
  receipts: {
    firstTime(scope: { tenantId: string; channel: string }, key: string): Promise<boolean>;
  };
  /** Events are acted on after the acknowledgement. */
  background: Pick<BackgroundTasks, "run">;
  /** The machine holding a room's call, when another one does: its events are replayed there. */
  ownerOfRoom?: (tenantId: string, roomSid: string) => Promise<string | null>;
}

const TENANT_ID = /^ten_[0-9a-z]{23}$/;
/** Events about a call that may be live: they belong to the machine holding it. */
const ABOUT_A_CALL = new Set(["participant_left", "room_finished"]);

/**
 * `POST /webhooks/livekit/{tenantId}`: LiveKit's webhook for a tenant's project. The token in
 * `Authorization` is checked by livekit-server-sdk's WebhookReceiver, with the key and secret of
 * the tenant's credential whose key issued it, against the raw body (its sha256 is in the token)
 * before anything is parsed; a failure is a 401 and nothing is stored or done.
 */
export function liveKitWebhookRoutes(deps: LiveKitWebhookDeps) {
  return new Hono<AppEnv>().post(
    "/:tenantId",
    describeRoute({
      tags: ["Webhooks"],
      summary: "LiveKit webhook for a tenant's project, signed with its API key and secret",
      description:
        "Set in the LiveKit project's webhook settings (or `webhook.urls` of livekit-server). The token LiveKit sends in `Authorization` must be issued by the API key of the tenant's credential named `livekit` (or one a `livekit` binding names) and signed with its secret, unexpired, and carry the body's sha256. `room_started` and `participant_joined` for a room whose name starts with a `livekit` binding's prefix make the binding's agent join it (once per room); `participant_left` of the caller and `room_finished` end the room's call. Each event is acted on once, by its id.",
      responses: {
        200: {
          description: "Acknowledged (also for a redelivered event, which is not acted on again)",
        },
        401: {
          description:
            "Missing, wrong or expired token, a token for another body, or no LiveKit credential of the tenant with the token's key",
        },
        [REPLAY_STATUS]: { description: REPLAY_DESCRIPTION },
      },
    }),
    async (c) => {
      const tenantId = c.req.param("tenantId");
      const log = c.get("log");
      const refuse = (message: string) => {
        log.warn("webhook refused", { channel: "livekit", reason: message });
        return errorResponse(c, 401, "unauthorized", message);
      };
      // Raw text: the token's sha256 is of the bytes as sent.
      const raw = await c.req.text();
      const token = c.req.header("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
      if (!token) return refuse("authorization token missing");
      const issuer = unverifiedIssuer(token);
      const projects = TENANT_ID.test(tenantId) ? await deps.livekit.projects(tenantId) : [];
      const account = projects.find((project) => project.apiKey === issuer);
      if (!account) return refuse("no LiveKit credential of this tenant has the token's API key");
      const read = await receive(account, raw, token);
      if (read.outcome === "unauthorized")
        return refuse("webhook token wrong, expired or not for this body");
      if (read.outcome === "invalid") {
        // Signed by the project, so LiveKit sent it; a retry would carry the same body.
        log.warn("webhook body not understood", { channel: "livekit" });
        return c.json({ received: true, understood: false }, 200);
      }
      const { event } = read;
      const sid = event.room?.sid;
      if (
        sid &&
        ABOUT_A_CALL.has(event.event) &&
        deps.ownerOfRoom &&
        !alreadyReplayed(c) &&
        !deps.livekit.isLiveHere(tenantId, sid)
      ) {
        const owner = await deps.ownerOfRoom(tenantId, sid).catch(() => null);
        if (owner) return replayTo(c, owner);
      }
      const key = event.id || `body:${await sha256Hex(raw)}`;
      if (!(await deps.receipts.firstTime({ tenantId, channel: "livekit" }, `event:${key}`)))
        return c.json({ received: true, duplicate: true }, 200);
      log.info("webhook event", { channel: "livekit", event: event.event });
      deps.background.run(deps.livekit.roomEvent(tenantId, account, event));
      return c.json({ received: true }, 200);
    },
  );
}

type Received =
  | { outcome: "unauthorized" }
  | { outcome: "invalid" }
  | { outcome: "accepted"; event: WebhookEvent };

/**
 * WebhookReceiver checks the token (signature, issuer, expiry) and the body's sha256 first, and
 * only then parses the body: a parse failure is a signed body we cannot read, anything else is
 * a token that does not hold.
 */
async function receive(account: LiveKitAccount, raw: string, token: string): Promise<Received> {
  try {
    const event = await new WebhookReceiver(account.apiKey, account.apiSecret).receive(raw, token);
    return { outcome: "accepted", event };
  } catch (error) {
    const unreadable =
      error instanceof SyntaxError ||
      (error instanceof Error && /cannot decode message/.test(error.message));
    return { outcome: unreadable ? "invalid" : "unauthorized" };
  }
}

/**
 * The `iss` claim of a JWT, read without checking anything: only to pick which of the tenant's
 * credentials checks it. Empty when the token is not a JWT.
 */
function unverifiedIssuer(token: string): string {
  try {
    const payload = token.split(".")[1] ?? "";
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown;
    const iss = (claims as { iss?: unknown } | null)?.iss;
    return typeof iss === "string" ? iss : "";
  } catch {
    return "";
  }
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Buffer.from(digest).toString("hex");
}
