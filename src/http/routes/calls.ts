import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { CallRegistry } from "../../calls/call-registry";
import type { CallService } from "../../calls/call-service";
import { invalid, notFound } from "../../domain/errors";
import type { MediaLeg } from "../../media/media-leg";
import type { CallStore } from "../../store/calls";
import type { AppEnv, Principal } from "../context";
import { conflictResponse, named, noContent, resourceId, responses } from "../schemas";
import { scopeOf } from "../scope";
import { validate } from "../validate";

/** Answers a browser's SDP offer with a WebRTC media leg; rejects bad SDP with a reason. */
export type AnswerOffer = (offerSdp: string) => Promise<{ leg: MediaLeg; answerSdp: string }>;

const WebCallBody = named(
  "WebCallRequest",
  v.strictObject({
    agentId: resourceId("agt"),
    sdp: v.pipe(v.string(), v.minLength(10, "must be an SDP offer"), v.maxLength(20_000)),
  }),
);
const CallParam = v.object({ callId: resourceId("call") });
const WebCallAnswer = named("WebCallAnswer", v.object({ callId: v.string(), sdp: v.string() }));
const WebRtcConfig = named(
  "WebRtcConfig",
  v.object({ iceServers: v.array(v.record(v.string(), v.unknown())) }),
);
const LiveCall = named(
  "LiveCall",
  v.object({
    id: v.string(),
    agentId: v.string(),
    phase: v.picklist(["connecting", "active", "ended"]),
    live: v.boolean(),
    endReason: v.nullable(v.string()),
    metrics: v.record(v.string(), v.unknown()),
  }),
);

const tags = ["Calls"];

/** A call token reaches only calls to its own agent; tenants only their own calls. */
function canReach(principal: Principal, call: { tenantId: string; agentId: string }): boolean {
  if (principal.kind === "admin") return true;
  if (principal.tenantId !== call.tenantId) return false;
  return principal.kind !== "call_token" || principal.agentId === call.agentId;
}

export function callRoutes(deps: {
  /** STUN/TURN servers browsers should use; the gateway answers with the same ones. */
  iceServers: RTCIceServer[];
  calls: CallService;
  registry: CallRegistry;
  records: CallStore;
  answerOffer: AnswerOffer;
  /** Turns a media error (bad SDP) into a message, or null when it is not one. */
  describeMediaError: (error: unknown) => string | null;
}) {
  const live = (principal: Principal, callId: string) => {
    const call = deps.registry.get(callId);
    return call && canReach(principal, call) ? call : undefined;
  };

  return new Hono<AppEnv>()
    .get(
      "/webrtc-config",
      describeRoute({
        tags,
        summary: "STUN/TURN servers for a browser's RTCPeerConnection",
        responses: responses(WebRtcConfig),
      }),
      (c) => c.json({ iceServers: deps.iceServers }),
    )
    .post(
      "/web",
      describeRoute({
        tags,
        summary: "Start a browser call: send an SDP offer, get the answer",
        description: "Authenticate with a tenant key, or a call token minted for this agent.",
        responses: {
          ...responses(WebCallAnswer, 201, "Call started"),
          ...conflictResponse("The agent has no published version"),
        },
      }),
      validate("json", WebCallBody),
      async (c) => {
        const principal = c.get("principal");
        const { agentId, sdp } = c.req.valid("json");
        if (principal.kind === "call_token" && principal.agentId !== agentId)
          throw notFound("agent");
        const target = await deps.calls.target(scopeOf(principal), agentId);
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
              const reason = deps.describeMediaError(error);
              throw reason ? invalid(`body.sdp: ${reason}`) : error;
            }
          },
        });
        return c.json({ callId: session.id, sdp: result }, 201);
      },
    )
    .get(
      "/:callId",
      describeRoute({
        tags,
        summary: "A call's state: live on this machine, or its record",
        responses: responses(LiveCall),
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
      describeRoute({ tags, summary: "Hang up a live call", responses: noContent }),
      validate("param", CallParam),
      async (c) => {
        const call = live(c.get("principal"), c.req.valid("param").callId);
        if (!call) throw notFound("live call");
        await call.session.hangUp("hung_up_by_api");
        return c.body(null, 204);
      },
    )
    .get(
      "/:callId/events",
      describeRoute({
        tags,
        summary: "The live transcript and timings of a call, as server-sent events",
        responses: {
          200: { description: "text/event-stream of phase, transcript, turn and ended events" },
        },
      }),
      validate("param", CallParam),
      (c) => {
        const call = live(c.get("principal"), c.req.valid("param").callId);
        if (!call) throw notFound("live call");
        const { session } = call;
        return streamSSE(c, async (stream) => {
          const send = (event: string, data: unknown) =>
            void stream.writeSSE({ event, data: JSON.stringify(data) });
          const stops = [
            session.events.on("phase", (phase) => send("phase", { phase })),
            session.events.on("transcript", (entry) => send("transcript", entry)),
            session.events.on("turn", (timing) => send("turn", timing)),
          ];
          send("phase", { phase: session.phase });
          const reason = await Promise.race([
            session.ended,
            new Promise<null>((resolve) => stream.onAbort(() => resolve(null))),
          ]);
          for (const stop of stops) stop();
          if (reason) await stream.writeSSE({ event: "ended", data: JSON.stringify({ reason }) });
        });
      },
    );
}
