import type { WebhookEvent } from "livekit-server-sdk";
import type { CallTarget } from "../calls/call-request";
import type { CallService } from "../calls/call-service";
import type { LiveCallSession } from "../calls/live-session";
import { QuotaExceeded } from "../calls/monthly-quota";
import type { ChannelBinding } from "../domain/binding";
import type { EndReason } from "../domain/call";
import { conflict, DomainError } from "../domain/errors";
import type { Logger } from "../log/logger";
import type { EgressPolicy } from "../net/egress-guard";
import type { Lookup } from "../net/guarded-fetch";
import { ProviderError } from "../providers/provider-error";
import type { BindingStore } from "../store/bindings";
import type { CredentialStore } from "../store/credentials";
import { checkLiveKitEgress, type LiveKitAccount, liveKitAccount } from "./livekit-account";
import {
  agentToken,
  callerToken,
  isGatewayRoom,
  newRoomName,
  participantIdentity,
} from "./participant-tokens";
import { type JoinRoom, joinRoom } from "./room-joiner";
import type { LiveKitRoomLeg } from "./room-leg";
import { type CreatedRoom, LiveKitRooms } from "./room-service";

export interface LiveKitCallsDeps {
  credentials: Pick<CredentialStore, "reveal">;
  bindings: Pick<BindingStore, "list">;
  calls: Pick<CallService, "target" | "start" | "recordRefused">;
  /** Which rooms were joined already, on any machine (the webhook receipts table). */
  receipts: {
    firstTime(scope: { tenantId: string; channel: string }, key: string): Promise<boolean>;
  };
  /** Tenants' LiveKit URLs are theirs: checked like every URL a tenant gives. */
  egress: EgressPolicy;
  lookup?: Lookup;
  /** How the agent joins a room; default over @livekit/rtc-node. */
  join?: JoinRoom;
  log: Logger;
}

/** What the caller gets to join the room the gateway made. */
export interface OpenedRoom {
  callId: string;
  room: string;
  url: string;
  token: string;
  identity: string;
  expiresAt: string;
}

/** The credential a tenant's rooms use unless a binding names another. */
const DEFAULT_CREDENTIAL = "livekit";
const REMOTE_PARTY = "LiveKit room";
/** Ends that came from the room itself: nobody is left there to tell. */
const ENDED_BY_ROOM: ReadonlySet<EndReason> = new Set(["caller_hung_up", "provider_terminated"]);

/**
 * Calls in LiveKit rooms: rooms the gateway makes for an agent (its caller gets a token), and
 * rooms made elsewhere whose names start with a binding's prefix (joined when LiveKit reports
 * them). Either way the agent joins as a participant and the call runs on the usual engine; when
 * the call ends from our side the room is told (deleted when it is ours, the caller removed when
 * not).
 */
export class LiveKitCalls {
  /** Rooms with a call live on this machine, by tenant and room sid. */
  private readonly live = new Map<string, { session: LiveCallSession; leg: LiveKitRoomLeg }>();

  constructor(private readonly deps: LiveKitCallsDeps) {}

  /** The tenant's LiveKit project under a credential name, or null without one. */
  async account(tenantId: string, name = DEFAULT_CREDENTIAL): Promise<LiveKitAccount | null> {
    const values = await this.deps.credentials.reveal(tenantId, name).catch(() => null);
    return values?.kind === "livekit" ? liveKitAccount(name, values) : null;
  }

  /** The projects a tenant's webhooks may come from: its `livekit` credential and those its bindings name. */
  async projects(tenantId: string): Promise<LiveKitAccount[]> {
    const names = new Set([DEFAULT_CREDENTIAL]);
    for (const binding of await this.roomBindings(tenantId))
      if (binding.credentialName) names.add(binding.credentialName);
    const accounts = await Promise.all([...names].map((name) => this.account(tenantId, name)));
    return accounts.filter((account) => account !== null);
  }

  isLiveHere(tenantId: string, roomSid: string): boolean {
    return this.live.has(liveKey(tenantId, roomSid));
  }

  /**
   * Makes a room for the agent, joins it, and returns what the caller needs to join too. The
   * call's slot is taken before anything is made; a room whose agent could not join is deleted.
   */
  async openRoom(target: CallTarget): Promise<OpenedRoom> {
    const account = await this.account(target.tenantId);
    if (!account)
      throw conflict(`the tenant has no LiveKit credential: set one named "${DEFAULT_CREDENTIAL}"`);
    await checkLiveKitEgress(account, this.deps.egress, this.deps.lookup);
    const rooms = new LiveKitRooms(account);
    const name = newRoomName(target.tenantId);
    const callerIdentity = participantIdentity("caller");
    // Set once the room exists: a failure after it deletes the room again.
    const made: { room?: CreatedRoom } = {};
    try {
      const { session, result } = await this.deps.calls.start({
        target,
        channel: "livekit",
        direction: "inbound",
        remoteParty: REMOTE_PARTY,
        context: {},
        openMedia: async () => {
          const room = await rooms.create(name);
          made.room = room;
          const leg = await this.joinAsAgent(account, room, callerIdentity);
          return { leg, result: { leg, room }, providerCallId: room.sid };
        },
      });
      const { leg, room } = result;
      // Ours: deleted however the call ended, so nobody joins it again.
      this.follow(target.tenantId, room.sid, session, leg, () => rooms.delete(room.name));
      const caller = await callerToken(account, name, callerIdentity);
      return {
        callId: session.id,
        room: name,
        url: account.clientUrl,
        token: caller.token,
        identity: caller.identity,
        expiresAt: caller.expiresAt.toISOString(),
      };
    } catch (error) {
      if (made.room) await rooms.delete(name).catch((e: unknown) => this.roomNotClosed(e));
      throw error;
    }
  }

  /** Acts on a verified webhook event of a tenant's project. */
  async roomEvent(tenantId: string, account: LiveKitAccount, event: WebhookEvent): Promise<void> {
    const room = event.room;
    if (!room?.sid || !room.name) return;
    const live = this.live.get(liveKey(tenantId, room.sid));
    switch (event.event) {
      case "room_started":
        return this.joinBoundRoom(tenantId, account, { sid: room.sid, name: room.name });
      case "participant_joined":
        // Agents (ours among them) joining are not callers arriving.
        if (event.participant?.kind === AGENT_KIND) return;
        return this.joinBoundRoom(tenantId, account, { sid: room.sid, name: room.name });
      case "participant_left":
        if (live && event.participant?.identity === live.leg.callerParticipant)
          await live.session.hangUp("caller_hung_up");
        return;
      case "room_finished":
        if (live) await live.session.hangUp("provider_terminated");
        return;
      default:
        return;
    }
  }

  /** A room made elsewhere: joined once (on whichever machine claims it) when a binding's prefix fits. */
  private async joinBoundRoom(
    tenantId: string,
    account: LiveKitAccount,
    room: CreatedRoom,
  ): Promise<void> {
    if (isGatewayRoom(room.name)) return;
    const binding = await this.bindingFor(tenantId, account, room.name);
    if (!binding) return;
    const claimed = await this.deps.receipts.firstTime(
      { tenantId, channel: "livekit" },
      `join:${room.sid}`,
    );
    if (!claimed) return;
    const { calls, log } = this.deps;
    try {
      await checkLiveKitEgress(account, this.deps.egress, this.deps.lookup);
      const target = await calls.target(tenantId, binding.agentId);
      const { session, result: leg } = await calls.start({
        target,
        channel: "livekit",
        direction: "inbound",
        remoteParty: REMOTE_PARTY,
        providerCallId: room.sid,
        bindingId: binding.id,
        context: {},
        openMedia: async () => {
          const leg = await this.joinAsAgent(account, room);
          return { leg, result: leg };
        },
      });
      const rooms = new LiveKitRooms(account);
      // Someone else's: only the caller is removed, and only when we ended the call.
      this.follow(tenantId, room.sid, session, leg, async (endedByRoom) => {
        const caller = leg.callerParticipant;
        if (!endedByRoom && caller) await rooms.removeParticipant(room.name, caller);
      });
    } catch (error) {
      log.warn("livekit room not joined", { channel: "livekit", error });
      await calls.recordRefused({
        tenantId,
        agentId: binding.agentId,
        channel: "livekit",
        providerCallId: room.sid,
        remoteParty: REMOTE_PARTY,
        reason: error instanceof DomainError ? error.message : "the agent could not join the room",
        endReason: error instanceof QuotaExceeded ? "quota_exceeded" : "rejected",
      });
    }
  }

  private async joinAsAgent(
    account: LiveKitAccount,
    room: CreatedRoom,
    callerIdentity?: string,
  ): Promise<LiveKitRoomLeg> {
    const { log } = this.deps;
    const agent = await agentToken(account, room.name, participantIdentity("agent"));
    try {
      return await (this.deps.join ?? joinRoom)({
        url: account.clientUrl,
        token: agent.token,
        ...(callerIdentity && { callerIdentity }),
        onError: (error) => log.warn("livekit room media failed", { error }),
      });
    } catch (error) {
      log.warn("agent could not join the livekit room", { error });
      throw new ProviderError(
        { provider: "livekit", action: "join_room", category: "network", status: 0, attempts: 1 },
        "the agent could not join the LiveKit room",
      );
    }
  }

  /**
   * Keeps the room findable while its call lives; when the call ends, `tellRoom` is told whether
   * the room itself ended it (the caller left, the room closed) or we did (the agent hung up, a
   * limit, a shutdown), so a caller is never left alone in a room the agent has gone from.
   */
  private follow(
    tenantId: string,
    roomSid: string,
    session: LiveCallSession,
    leg: LiveKitRoomLeg,
    tellRoom: (endedByRoom: boolean) => Promise<void>,
  ): void {
    const key = liveKey(tenantId, roomSid);
    this.live.set(key, { session, leg });
    void session.ended.then(async (reason) => {
      this.live.delete(key);
      const endedByRoom = leg.farEndGone || ENDED_BY_ROOM.has(reason);
      await tellRoom(endedByRoom).catch((error: unknown) => this.roomNotClosed(error));
    });
  }

  private roomNotClosed(error: unknown): void {
    this.deps.log.warn("livekit room not told the call ended", { channel: "livekit", error });
  }

  /** The tenant's room bindings for this project whose prefix the room's name starts with: the longest. */
  private async bindingFor(
    tenantId: string,
    account: LiveKitAccount,
    roomName: string,
  ): Promise<ChannelBinding | null> {
    let best: ChannelBinding | null = null;
    for (const binding of await this.roomBindings(tenantId)) {
      const credential = binding.credentialName ?? DEFAULT_CREDENTIAL;
      if (credential !== account.credentialName || !roomName.startsWith(binding.address)) continue;
      if (!best || binding.address.length > best.address.length) best = binding;
    }
    return best;
  }

  private async roomBindings(tenantId: string): Promise<ChannelBinding[]> {
    const page = await this.deps.bindings.list(tenantId, { limit: 100 }, { channel: "livekit" });
    return page.data;
  }
}

/** ParticipantInfo.Kind.AGENT in LiveKit's protocol. */
const AGENT_KIND = 4;

const liveKey = (tenantId: string, roomSid: string) => `${tenantId}/${roomSid}`;
