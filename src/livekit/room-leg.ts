import { TypedEmitter } from "../events/typed-emitter";
import type { MediaLeg, MediaLegEvents, MediaLegState, MediaLegStats } from "../media/media-leg";
import type { AgentPlayout } from "./agent-playout";
import { CallerFrames } from "./caller-frames";
import type { PcmFrame } from "./pcm-frame";

/** Who is in the room, as the leg needs to know them. */
export interface RoomParticipant {
  identity: string;
  /** Other agents (ours or anyone's) are never taken for the caller. */
  isAgent: boolean;
}

/** Leaving the room: what the leg asks of the connection when it closes. */
export interface RoomExit {
  leave(): Promise<void>;
}

export interface RoomLegOptions {
  /** The caller's identity when the gateway minted their token; otherwise the first one in. */
  callerIdentity?: string;
  onListenerError?: (error: unknown) => void;
}

/**
 * A call's media in a LiveKit room, seen from the agent's participant: the caller's audio track
 * in, the agent's published track out. The room library drives it through the methods below
 * (rtc-room.ts); nothing here touches the library, so its logic is tested without a server.
 * `connected` comes when the caller's audio arrives, not when the agent joins: the room may be
 * empty until the caller uses their token.
 */
export class LiveKitRoomLeg implements MediaLeg {
  private readonly events: TypedEmitter<MediaLegEvents>;
  private readonly caller: CallerFrames;
  private callerIdentity: string | null;
  private phase: MediaLegState = "new";
  private framesIn = 0;
  private framesOut = 0;
  private closing: Promise<void> | null = null;
  /** Set when the caller or the room went away: nobody is left to tell the call ended. */
  private farEndGoneFirst = false;

  constructor(
    private readonly exit: RoomExit,
    private readonly playout: AgentPlayout<unknown>,
    options: RoomLegOptions = {},
  ) {
    this.events = new TypedEmitter(options.onListenerError ?? (() => {}));
    this.callerIdentity = options.callerIdentity ?? null;
    this.caller = new CallerFrames((frame) => {
      this.framesIn++;
      this.events.emit("audio", frame);
    });
  }

  get state(): MediaLegState {
    return this.phase;
  }

  /** The participant taken for the caller, once known. */
  get callerParticipant(): string | null {
    return this.callerIdentity;
  }

  /** Whether the call ended because the caller left or the room closed. */
  get farEndGone(): boolean {
    return this.farEndGoneFirst;
  }

  on<K extends keyof MediaLegEvents>(
    event: K,
    listener: (...args: MediaLegEvents[K]) => void,
  ): () => void {
    return this.events.on(event, listener);
  }

  /**
   * A participant's audio track was subscribed: true when it is the caller's (the named one, or
   * the first participant that is not an agent), whose frames then go to callerAudio().
   */
  audioTrackFrom(participant: RoomParticipant): boolean {
    if (this.phase === "closed" || participant.isAgent) return false;
    this.callerIdentity ??= participant.identity;
    if (participant.identity !== this.callerIdentity) return false;
    if (this.phase === "new") {
      this.phase = "connected";
      this.events.emit("connected");
    }
    return true;
  }

  /** A frame of the caller's track. */
  callerAudio(frame: PcmFrame): void {
    if (this.phase === "connected") this.caller.push(frame);
  }

  participantLeft(identity: string): void {
    if (identity === this.callerIdentity) this.gone("caller left the room");
  }

  /** The agent was disconnected from the room (the room closed, or the agent was removed). */
  roomDisconnected(reason: string): void {
    this.gone(`room disconnected: ${reason}`);
  }

  dtmf(identity: string, digit: string): void {
    if (this.phase === "connected" && identity === this.callerIdentity)
      this.events.emit("dtmf", digit);
  }

  sendAudio(frame10ms: Int16Array): void {
    if (this.phase !== "connected") return;
    this.framesOut++;
    this.playout.push(frame10ms);
  }

  /** Barge-in: drops the agent audio not sent yet (here and in the source's queue). */
  clearPlayout(): number {
    return this.phase === "connected" ? this.playout.clear() : 0;
  }

  close(reason = "closed"): Promise<void> {
    this.closing ??= this.shutDown(reason);
    return this.closing;
  }

  stats(): MediaLegStats {
    return { framesIn: this.framesIn, framesOut: this.framesOut };
  }

  private gone(reason: string): void {
    if (this.phase === "closed" || this.closing) return;
    this.farEndGoneFirst = true;
    this.events.emit("disconnected", reason);
    void this.close(reason);
  }

  private async shutDown(_reason: string): Promise<void> {
    this.phase = "closed";
    await Promise.allSettled([this.playout.close(), this.exit.leave()]);
    this.events.emit("closed");
    this.events.removeAllListeners();
  }
}
