import { type Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { CallRegistry } from "../../calls/call-registry";
import type { CallService } from "../../calls/call-service";
import { keepQuotaRefusal } from "../../calls/monthly-quota";
import { CALL_STATUSES } from "../../domain/call";
import { DomainError, invalid, notFound } from "../../domain/errors";
import { MediaError } from "../../media/media-error";
import type { AnswerOffer } from "../../media/media-leg";
import type { IceServerSource } from "../../media/turn-credentials";
import {
  alreadyReplayed,
  type CallOwners,
  REPLAY_DESCRIPTION,
  REPLAY_STATUS,
  replayTo,
} from "../../ownership/call-owners";
import type { CallStore } from "../../store/calls";
import { CallEventFeeds, type FeedEntry } from "../call-event-feed";
import type { AppEnv, Principal } from "../context";
import {
  conflictResponse,
  drainingResponse,
  failure,
  named,
  noContent,
  quotaResponse,
  resourceId,
  responses,
} from "../schemas";
import { scopeOf } from "../scope";
import { validate } from "../validate";

const WebCallBody = named(
  "WebCallRequest",
  v.strictObject({
    agentId: resourceId("agt"),
    sdp: v.pipe(v.string(), v.minLength(10, "must be an SDP offer"), v.maxLength(20_000)),
    version: v.optional(
      v.pipe(
        v.literal("draft"),
        v.description(
          "A test call answered by the draft as it is now (API keys only, not call tokens); " +
            "its record has agentVersion 0 and the draft's revision. Default: the published version.",
        ),
      ),
    ),
  }),
);
const CallParam = v.object({ callId: resourceId("call") });
const WebCallAnswer = named(
  "WebCallAnswer",
  v.object({
    callId: v.string(),
    sdp: v.string(),
    agentVersion: v.pipe(v.number(), v.description("The version answering; 0 for the draft")),
    draftRevision: v.pipe(
      v.nullable(v.number()),
      v.description("For a call on the draft: the draft's revision answering"),
    ),
  }),
);
const WebRtcConfig = named(
  "WebRtcConfig",
  v.object({
    iceServers: v.pipe(
      v.array(v.record(v.string(), v.unknown())),
      v.description(
        "RTCIceServer entries: the operator's static servers, TURN credentials minted from its " +
          "shared secret (the username starts with their expiry, in Unix seconds), then STUN and " +
          "TURN from its Twilio account (Network Traversal Service) when one is configured. " +
          "Minted credentials expire: fetch again per call.",
      ),
    ),
  }),
);
const LiveCall = named(
  "LiveCall",
  v.object({
    id: v.string(),
    agentId: v.string(),
    phase: v.pipe(
      v.picklist(CALL_STATUSES),
      v.description(
        "A live call here is connecting, active or ended; a call known from its record can also " +
          "be waiting for the user's call permission, dialing or ringing.",
      ),
    ),
    live: v.boolean(),
    endReason: v.nullable(v.string()),
    metrics: v.record(v.string(), v.unknown()),
  }),
);

const tags = ["Calls"];
const elsewhere = { [REPLAY_STATUS]: failure(REPLAY_DESCRIPTION) };
/** Events kept per call for clients that reconnect. */
const FEED_CAPACITY = 1000;

/** A call token reaches only calls to its own agent; tenants only their own calls. */
function canReach(principal: Principal, call: { tenantId: string; agentId: string }): boolean {
  if (principal.kind === "admin") return true;
  if (principal.tenantId !== call.tenantId) return false;
  return principal.kind !== "call_token" || principal.agentId === call.agentId;
}

export function callRoutes(deps: {
  /** STUN/TURN servers browsers should use; the gateway answers with the same ones. */
  iceServers: IceServerSource;
  calls: CallService;
  registry: CallRegistry;
  records: CallStore;
  answerOffer: AnswerOffer;
  /** Turns a media error (bad SDP) into a message, or null when it is not one. */
  describeMediaError: (error: unknown) => string | null;
  /** Which machine holds a call live elsewhere: requests about it are replayed there. */
  owners?: Pick<CallOwners, "ofCall">;
}) {
  const feeds = new CallEventFeeds({ capacity: FEED_CAPACITY, retainMs: 60_000 });
  const live = (principal: Principal, callId: string) => {
    const call = deps.registry.get(callId);
    return call && canReach(principal, call) ? call : undefined;
  };
  /**
   * The stream of a call that ended where no feed of it is kept (on another machine, or here
   * longer ago than the feed is kept): its end, from its record, as the one event after the last
   * one the client saw. A call that is neither live nor ended anywhere is not found.
   */
  const endedFromRecord = async (
    c: Context<AppEnv>,
    principal: Principal,
    callId: string,
    lastSeenId: number | null,
  ) => {
    const record = await deps.records.get(scopeOf(principal), callId).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === "not_found") return null;
      throw error;
    });
    if (!record || !canReach(principal, record) || record.status !== "ended")
      throw notFound("live call");
    const ended = {
      id: String((lastSeenId ?? 0) + 1),
      event: "ended",
      data: JSON.stringify({ reason: record.endReason }),
    };
    return streamSSE(c, (stream) => stream.writeSSE(ended));
  };
  /** For a call not live here: a `fly-replay` answer when another machine holds it. */
  const replayIfElsewhere = async (c: Context<AppEnv>, principal: Principal, callId: string) => {
    if (!deps.owners || alreadyReplayed(c)) return null;
    const owner = await deps.owners.ofCall(callId);
    return owner && canReach(principal, owner) ? replayTo(c, owner.machine) : null;
  };

  return new Hono<AppEnv>()
    .get(
      "/webrtc-config",
      describeRoute({
        tags,
        summary: "STUN/TURN servers for a browser's RTCPeerConnection",
        responses: responses(WebRtcConfig),
      }),
      async (c) => {
        const principal = c.get("principal");
        // Shows up in the TURN server's logs: whose browser relayed, never who exactly.
        const label = principal.kind === "admin" ? "operator" : principal.tenantId;
        c.header("Cache-Control", "no-store");
        return c.json({ iceServers: await deps.iceServers.forBrowser(label) });
      },
    )
    .post(
      "/web",
      describeRoute({
        tags,
        summary: "Start a browser call: send an SDP offer, get the answer",
        description:
          "Authenticate with an API key (the tenant's or the admin's), or a call token minted " +
          'for this agent. With `"version": "draft"` an API key makes a test call on the ' +
          "unpublished draft.",
        responses: {
          ...responses(WebCallAnswer, 201, "Call started"),
          ...quotaResponse,
          ...drainingResponse,
          ...conflictResponse("The agent has no published version"),
        },
      }),
      validate("json", WebCallBody),
      async (c) => {
        const principal = c.get("principal");
        const { agentId, sdp, version } = c.req.valid("json");
        if (principal.kind === "call_token" && principal.agentId !== agentId)
          throw notFound("agent");
        if (version === "draft" && principal.kind === "call_token")
          throw new DomainError("forbidden", "a call token calls the published version only");
        const scope = scopeOf(principal);
        const target = await (version === "draft"
          ? deps.calls.draftTarget(scope, agentId)
          : deps.calls.target(scope, agentId)
        ).catch((error: unknown) =>
          keepQuotaRefusal(
            deps.calls,
            error,
            { agentId, channel: "web", direction: "inbound", remoteParty: "browser" },
            principal.kind === "call_token" ? "public" : "tenant",
          ),
        );
        const { session, result } = await deps.calls.start({
          target,
          channel: "web",
          direction: "inbound",
          remoteParty: "browser",
          context: {},
          openMedia: async () => {
            try {
              const answered = await deps.answerOffer(sdp);
              return { leg: answered.leg, result: answered.answerSdp };
            } catch (error) {
              if (error instanceof MediaError && error.code === "ports_exhausted") {
                throw new DomainError(
                  "rate_limited",
                  "no free media port on the gateway; try again soon",
                );
              }
              const reason = deps.describeMediaError(error);
              throw reason ? invalid(`body.sdp: ${reason}`) : error;
            }
          },
        });
        return c.json(
          {
            callId: session.id,
            sdp: result,
            agentVersion: target.version,
            draftRevision: target.draftRevision ?? null,
          },
          201,
        );
      },
    )
    .get(
      "/:callId",
      describeRoute({
        tags,
        summary: "A call's state: live on this machine, or its record",
        responses: { ...responses(LiveCall), ...elsewhere },
      }),
      validate("param", CallParam),
      async (c) => {
        const { callId } = c.req.valid("param");
        const principal = c.get("principal");
        const call = live(principal, callId);
        if (call) {
          const { session } = call;
          return c.json({
            id: callId,
            agentId: call.agentId,
            phase: session.phase,
            live: true,
            endReason: null,
            metrics: { ...session.metrics.summary() },
          });
        }
        const replayed = await replayIfElsewhere(c, principal, callId);
        if (replayed) return replayed;
        const record = await deps.records.get(scopeOf(principal), callId);
        if (!canReach(principal, record)) throw notFound("call");
        return c.json({
          id: callId,
          agentId: record.agentId,
          phase: record.status,
          live: false,
          endReason: record.endReason,
          metrics: record.metrics,
        });
      },
    )
    .delete(
      "/:callId",
      describeRoute({
        tags,
        summary: "Hang up a live call",
        responses: { ...noContent, ...elsewhere },
      }),
      validate("param", CallParam),
      async (c) => {
        const principal = c.get("principal");
        const callId = c.req.valid("param").callId;
        const call = live(principal, callId);
        if (!call) {
          const replayed = await replayIfElsewhere(c, principal, callId);
          if (replayed) return replayed;
          throw notFound("live call");
        }
        await call.session.hangUp("hung_up_by_api");
        return c.body(null, 204);
      },
    )
    .get(
      "/:callId/events",
      describeRoute({
        tags,
        summary: "The live transcript and timings of a call, as server-sent events",
        description:
          "Events (phase, transcript, turn, ended) carry ids counting up from 1 within the call. " +
          "On reconnecting, send the last id seen as `Last-Event-ID` (browsers do this on their " +
          `own) to get the events missed, none twice; the last ${FEED_CAPACITY} are kept, and ` +
          "for a minute after the call ends. Later, or on another machine than the call's, a " +
          "call that has ended answers with one `ended` event from its record (id: the " +
          "`Last-Event-ID` sent plus one); its transcript is in `GET /v1/conversations/{id}`.",
        parameters: [
          {
            in: "header",
            name: "Last-Event-ID",
            required: false,
            description: "The id of the last event received; later ones are sent first",
            schema: { type: "string", pattern: "^\\d{1,15}$" },
          },
        ],
        responses: {
          200: {
            description: "A stream of phase, transcript, turn and ended events",
            content: { "text/event-stream": { schema: { type: "string" } } },
          },
          404: failure("No call with this id that is live or has ended"),
          ...elsewhere,
        },
      }),
      validate("param", CallParam),
      async (c) => {
        const principal = c.get("principal");
        const callId = c.req.valid("param").callId;
        const lastSeenId = lastEventId(c.req.header("last-event-id"));
        const call = live(principal, callId);
        const kept = call ? undefined : feeds.recent(callId);
        const feed = call
          ? feeds.forLive(callId, call)
          : kept && canReach(principal, kept)
            ? kept.feed
            : undefined;
        if (!feed) {
          const replayed = await replayIfElsewhere(c, principal, callId);
          if (replayed) return replayed;
          return endedFromRecord(c, principal, callId, lastSeenId);
        }
        return streamSSE(c, async (stream) => {
          let written: Promise<void> = Promise.resolve();
          const send = (entry: FeedEntry) => {
            const event = {
              id: String(entry.id),
              event: entry.event,
              data: JSON.stringify(entry.data),
            };
            // A client gone mid-write has nothing more to receive.
            written = written.then(() => stream.writeSSE(event)).catch(() => {});
          };
          await new Promise<void>((resolve) => {
            const subscription = feed.subscribe(lastSeenId, send, resolve);
            stream.onAbort(() => {
              subscription.stop();
              resolve();
            });
            for (const entry of subscription.replay) send(entry);
            if (feed.closed) resolve();
          });
          await written;
        });
      },
    );
}

/** The `Last-Event-ID` a reconnecting client sends; absent means from the start. */
function lastEventId(header: string | undefined): number | null {
  if (header === undefined || header === "") return null;
  if (!/^\d{1,15}$/.test(header)) {
    throw invalid("header.Last-Event-ID: must be the id of an event from this stream");
  }
  return Number(header);
}
