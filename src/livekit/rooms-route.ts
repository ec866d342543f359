import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { CallService } from "../calls/call-service";
import { keepQuotaRefusal } from "../calls/monthly-quota";
import type { AppEnv } from "../http/context";
import {
  conflictResponse,
  drainingResponse,
  failure,
  named,
  quotaResponse,
  resourceId,
  responses,
} from "../http/schemas";
import { scopeOf } from "../http/scope";
import { validate } from "../http/validate";
import type { LiveKitCalls } from "./livekit-calls";
import { CALLER_TOKEN_TTL_SECONDS } from "./participant-tokens";

const RoomRequest = named("LiveKitRoomRequest", v.strictObject({ agentId: resourceId("agt") }));
const RoomAnswer = named(
  "LiveKitRoom",
  v.object({
    callId: v.pipe(
      v.string(),
      v.description("The call the agent is on; follow it at /v1/calls/{callId}"),
    ),
    room: v.pipe(v.string(), v.description("The room's name: made for this call, never reused")),
    url: v.pipe(v.string(), v.description("The LiveKit server to connect to (ws:// or wss://)")),
    token: v.pipe(
      v.string(),
      v.description(
        `The caller's participant token: joins this room only, publishes a microphone and subscribes; no data, no admin. Expires after ${CALLER_TOKEN_TTL_SECONDS / 60} minutes.`,
      ),
    ),
    identity: v.pipe(v.string(), v.description("The caller's participant identity in the token")),
    expiresAt: v.string(),
  }),
);

/** `POST /v1/livekit/rooms`: a room for one agent, with the agent in it and a token for the caller. */
export function liveKitRoomRoutes(deps: {
  livekit: Pick<LiveKitCalls, "openRoom">;
  calls: Pick<CallService, "target" | "recordRefused">;
}) {
  return new Hono<AppEnv>().post(
    "/rooms",
    describeRoute({
      tags: ["Calls"],
      summary: "Start a call in a new LiveKit room: the agent joins, the caller gets a token",
      description:
        "Uses the tenant's credential named `livekit` (its server URL, API key and secret). The room is made through LiveKit's room service with a name no other call gets, for two participants; the agent joins it as a participant and waits for the caller, who connects to `url` with `token`. The call counts against the tenant's concurrent calls and minutes from now, and ends like any other if the caller has not joined within the connect timeout. When the call ends the room is deleted. Tested here against a stand-in for LiveKit's room service; joining a real room needs a LiveKit server (see the README).",
      responses: {
        ...responses(RoomAnswer, 201, "The room exists and the agent is joining it"),
        ...quotaResponse,
        ...drainingResponse,
        ...conflictResponse(
          "The agent has no published version, or the tenant has no `livekit` credential",
        ),
        502: failure(
          "LiveKit refused or failed the room service request, its URL is one the gateway may not reach, or the agent could not join",
        ),
        504: failure("LiveKit's room service did not answer in time"),
      },
    }),
    validate("json", RoomRequest),
    async (c) => {
      const { agentId } = c.req.valid("json");
      const target = await deps.calls
        .target(scopeOf(c.get("principal")), agentId)
        .catch((error: unknown) =>
          keepQuotaRefusal(deps.calls, error, {
            agentId,
            channel: "livekit",
            direction: "inbound",
            remoteParty: "LiveKit room",
          }),
        );
      return c.json(await deps.livekit.openRoom(target), 201);
    },
  );
}
