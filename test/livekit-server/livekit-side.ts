import { AudioFrame, AudioSource } from "@livekit/rtc-node";
import {
  AccessToken,
  ParticipantInfo,
  Room,
  WebhookEvent,
  type WebhookEventNames,
} from "livekit-server-sdk";
import { AgentPlayout } from "../../src/livekit/agent-playout";
import type { JoinRequest, JoinRoom } from "../../src/livekit/room-joiner";
import { LiveKitRoomLeg } from "../../src/livekit/room-leg";
import type { TestApi } from "../api-harness";
import { publishedAgent } from "../browser-calls";
import type { FakeLiveKitServer } from "./server";

/** A tenant with a published agent and a `livekit` credential for the stand-in server. */
export async function liveKitTenant(api: TestApi, server: FakeLiveKitServer) {
  const { tenantId, key } = await api.tenantWithKey();
  const agentId = await publishedAgent(api, key);
  const cred = await api.call("PUT", `/v1/tenants/${tenantId}/credentials/livekit`, {
    key,
    body: { kind: "livekit", url: server.url, apiKey: server.apiKey, apiSecret: server.apiSecret },
  });
  if (cred.status !== 200) throw new Error(JSON.stringify(cred.body));
  return { tenantId, key, agentId };
}

export interface Joined {
  request: JoinRequest;
  leg: LiveKitRoomLeg;
  playout: AgentPlayout<AudioFrame>;
  /** How many times the agent left the room. */
  left: number;
}

/**
 * Joins without a LiveKit server: each join is recorded and gets a real room leg over a real
 * AudioSource, which the test drives as the room would (the caller's track, their leaving).
 */
export class RecordedJoins {
  readonly joins: Joined[] = [];
  /** When set, the next join fails like an unreachable server. */
  failNext = false;

  readonly join: JoinRoom = async (request) => {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("could not establish signal connection");
    }
    const playout = new AgentPlayout(
      new AudioSource(48_000, 1, 100),
      (pcm) => new AudioFrame(pcm, 48_000, 1, 480),
      request.onError,
    );
    const joined = { request, playout, left: 0 } as Joined;
    joined.leg = new LiveKitRoomLeg(
      {
        leave: async () => {
          joined.left++;
        },
      },
      playout,
      request.callerIdentity ? { callerIdentity: request.callerIdentity } : {},
    );
    this.joins.push(joined);
    return joined.leg;
  };
}

/** A webhook event in LiveKit's JSON, made by the SDK's own protocol classes. */
export function webhookBody(
  event: WebhookEventNames,
  room: { sid: string; name: string },
  participant?: { identity: string; kind?: number },
  id = `EV_${crypto.randomUUID()}`,
): string {
  const made = new WebhookEvent({
    id,
    createdAt: BigInt(Math.floor(Date.now() / 1000)),
    room: new Room({ sid: room.sid, name: room.name }),
    ...(participant && {
      participant: new ParticipantInfo({
        sid: `PA_${participant.identity}`,
        identity: participant.identity,
        ...(participant.kind !== undefined && { kind: participant.kind }),
      }),
    }),
  });
  // The SDK's subclass sets `event` after its constructor's fields: set it last.
  made.event = event;
  return made.toJsonString();
}

/**
 * Signs a webhook as LiveKit's server and the SDK's own tests do: a token of the project's key
 * whose `sha256` claim is the base64 SHA-256 of the body.
 */
export async function signWebhook(
  body: string,
  apiKey: string,
  apiSecret: string,
  ttl: string | number = "5m",
): Promise<string> {
  const token = new AccessToken(apiKey, apiSecret, { ttl });
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  token.sha256 = Buffer.from(digest).toString("base64");
  return token.toJwt();
}

export function postWebhook(api: TestApi, tenantId: string, body: string, token: string | null) {
  return api.call("POST", `/webhooks/livekit/${tenantId}`, {
    key: null,
    rawBody: body,
    headers: {
      "content-type": "application/webhook+json",
      ...(token !== null && { authorization: token }),
    },
  });
}

/** A JWT's claims, read without checking (the tests check what was minted). */
export function claimsOf(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
}
