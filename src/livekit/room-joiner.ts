import type { LiveKitRoomLeg } from "./room-leg";

export interface JoinRequest {
  /** The LiveKit server's URL for clients (ws:// or wss://). */
  url: string;
  /** The agent's own participant token for this room. */
  token: string;
  /** The caller's identity when the gateway minted their token; otherwise the first one in. */
  callerIdentity?: string;
  /** Where failures inside the room (a frame not read, a listener that threw) are reported. */
  onError: (error: unknown) => void;
}

/** Joins a room as the agent and hands back the call's media leg. */
export type JoinRoom = (request: JoinRequest) => Promise<LiveKitRoomLeg>;

/**
 * The real join, over @livekit/rtc-node, imported only when a room is first joined: a machine
 * whose native binary cannot load still serves everything else (and says so when a join fails).
 */
export const joinRoom: JoinRoom = async (request) => {
  const { joinWithRtcNode } = await import("./rtc-room");
  return joinWithRtcNode(request);
};
