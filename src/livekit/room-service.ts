import { RoomServiceClient, TwirpError } from "livekit-server-sdk";
import { categoryOfStatus, ProviderError } from "../providers/provider-error";
import type { LiveKitAccount } from "./livekit-account";

/** A room made for a call: closed by LiveKit if nobody comes within this many seconds. */
const EMPTY_TIMEOUT_SECONDS = 120;
/** The agent and the caller. */
const MAX_PARTICIPANTS = 2;
const REQUEST_TIMEOUT_SECONDS = 10;

export interface CreatedRoom {
  sid: string;
  name: string;
}

/**
 * The few room-service calls the gateway makes, through livekit-server-sdk's RoomServiceClient
 * (Twirp JSON, each request signed with a short-lived token of the tenant's key), with its
 * failures turned into ProviderErrors that say what failed and never what was sent.
 */
export class LiveKitRooms {
  private readonly client: RoomServiceClient;

  constructor(account: LiveKitAccount) {
    this.client = new RoomServiceClient(account.apiUrl, account.apiKey, account.apiSecret, {
      requestTimeout: REQUEST_TIMEOUT_SECONDS,
    });
  }

  async create(name: string): Promise<CreatedRoom> {
    const room = await this.request("create_room", () =>
      this.client.createRoom({
        name,
        emptyTimeout: EMPTY_TIMEOUT_SECONDS,
        maxParticipants: MAX_PARTICIPANTS,
      }),
    );
    if (!room?.sid || room.name !== name)
      throw new ProviderError(
        {
          provider: "livekit",
          action: "create_room",
          category: "bad_response",
          status: 200,
          attempts: 1,
        },
        "the room service answered without the room asked for",
      );
    return { sid: room.sid, name: room.name };
  }

  /** Ends the room for everyone in it. A room already gone is fine. */
  async delete(name: string): Promise<void> {
    await this.request("delete_room", () => this.client.deleteRoom(name), true);
  }

  /** Disconnects one participant (the caller, when the agent hangs up). Already gone is fine. */
  async removeParticipant(room: string, identity: string): Promise<void> {
    await this.request(
      "remove_participant",
      () => this.client.removeParticipant(room, identity),
      true,
    );
  }

  private async request<T>(
    action: string,
    send: () => Promise<T>,
    goneIsDone = false,
  ): Promise<T | undefined> {
    try {
      return await send();
    } catch (error) {
      const status = error instanceof TwirpError ? error.status : 0;
      if (goneIsDone && status === 404) return undefined;
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      const category = status ? categoryOfStatus(status) : timedOut ? "timeout" : "network";
      throw new ProviderError(
        {
          provider: "livekit",
          action,
          category,
          status,
          ...(error instanceof TwirpError && error.code && { code: error.code }),
          attempts: 1,
        },
        `LiveKit ${action.replace("_", " ")} failed (${category.replace("_", " ")})`,
      );
    }
  }
}
