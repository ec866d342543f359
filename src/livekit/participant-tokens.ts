import { AccessToken, TrackSource, type VideoGrant } from "livekit-server-sdk";
import type { LiveKitAccount } from "./livekit-account";

/** A caller's token is for joining now: ten minutes, then it is useless. */
export const CALLER_TOKEN_TTL_SECONDS = 600;
/** The agent joins at once; LiveKit refreshes a connected participant's token itself. */
const AGENT_TOKEN_TTL_SECONDS = 600;

/**
 * What either side of a call may do in its room, and nothing more: join that one room, publish
 * a microphone (no camera, screen or data), subscribe to the other. No room admin, creation,
 * listing, recording or hidden participants; the name and metadata are the gateway's.
 */
function speakerGrant(room: string): VideoGrant {
  return {
    roomJoin: true,
    room,
    canPublish: true,
    canPublishSources: [TrackSource.MICROPHONE],
    canSubscribe: true,
    canPublishData: false,
    canUpdateOwnMetadata: false,
  };
}

export interface ParticipantToken {
  token: string;
  identity: string;
  expiresAt: Date;
}

async function mint(
  account: LiveKitAccount,
  room: string,
  identity: string,
  ttlSeconds: number,
  kind?: "agent",
): Promise<ParticipantToken> {
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const token = new AccessToken(account.apiKey, account.apiSecret, { identity, ttl: ttlSeconds });
  token.addGrant(speakerGrant(room));
  if (kind) token.kind = kind;
  return { token: await token.toJwt(), identity, expiresAt };
}

/** The token handed to whoever calls the agent through a room the gateway made. */
export function callerToken(account: LiveKitAccount, room: string, identity: string) {
  return mint(account, room, identity, CALLER_TOKEN_TTL_SECONDS);
}

/** The agent's own token: the same grants, marked as an agent participant. */
export function agentToken(account: LiveKitAccount, room: string, identity: string) {
  return mint(account, room, identity, AGENT_TOKEN_TTL_SECONDS, "agent");
}

/** Identities no one can guess or collide with: `caller-…` and `agent-…`. */
export function participantIdentity(role: "caller" | "agent"): string {
  return `${role}-${randomPart(16)}`;
}

/**
 * The rooms the gateway makes: a tenant's own prefix, then 130 random bits, so a name is never
 * made twice (and never matches a room someone else made for a binding).
 */
export function newRoomName(tenantId: string): string {
  return `av-${tenantId}-${randomPart(26)}`;
}

const GATEWAY_ROOM = /^av-ten_[0-9a-z]{23}-[0-9a-z]{26}$/;

/** Whether a room is one the gateway made (its agent joined when it was made). */
export function isGatewayRoom(name: string): boolean {
  return GATEWAY_ROOM.test(name);
}

/** Crockford base32 in lower case: five random bits a character, no bias. */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function randomPart(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}
