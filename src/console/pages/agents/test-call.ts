import type { ApiClient } from "../../api/client";
import { readServerEvents, type ServerEvent } from "./server-events";

/** One line of the live transcript. */
export interface LiveLine {
  id: number;
  role: "user" | "assistant" | "system" | "tool";
  text: string;
  offsetMs: number;
}

export interface TestCallEvents {
  onPhase(phase: string): void;
  onLine(line: LiveLine): void;
  /** Once, when the call is over: the API's end reason, or null when it could not be read. */
  onEnded(reason: string | null): void;
}

/** How long the browser gathers network candidates before it sends the offer anyway. */
const ICE_WAIT_MS = 3000;
/** How long a hang-up waits for the call's own end event before it stops the media itself. */
const ENDED_WAIT_MS = 3000;

function iceGathered(peer: RTCPeerConnection): Promise<void> {
  if (peer.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ICE_WAIT_MS);
    peer.addEventListener("icegatheringstatechange", () => {
      if (peer.iceGatheringState !== "complete") return;
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * A call from this browser to an agent's draft: the microphone goes out over WebRTC, the agent's
 * voice plays in `speaker`, and the call's events (phase, transcript, end) come back through
 * the API as server-sent events.
 */
export class TestCall {
  private readonly stopEvents = new AbortController();
  private lastEventId = 0;
  private over = false;

  private constructor(
    private readonly api: ApiClient,
    readonly id: string,
    private readonly peer: RTCPeerConnection,
    private readonly microphone: MediaStream,
    private readonly events: TestCallEvents,
  ) {}

  /** Asks for the microphone, offers media to the gateway and starts following the call. */
  static async start(
    api: ApiClient,
    agentId: string,
    speaker: HTMLAudioElement,
    events: TestCallEvents,
  ): Promise<TestCall> {
    const microphone = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true },
    });
    let peer: RTCPeerConnection | null = null;
    try {
      const { iceServers } = await api.call("GET /v1/calls/webrtc-config");
      peer = new RTCPeerConnection({ iceServers: iceServers as unknown as RTCIceServer[] });
      for (const track of microphone.getTracks()) peer.addTrack(track, microphone);
      peer.ontrack = (event) => {
        speaker.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      };
      await peer.setLocalDescription(await peer.createOffer());
      await iceGathered(peer);
      const answer = await api.call("POST /v1/calls/web", {
        body: { agentId, sdp: peer.localDescription?.sdp ?? "", version: "draft" },
      });
      await peer.setRemoteDescription({ type: "answer", sdp: answer.sdp });
      const call = new TestCall(api, answer.callId, peer, microphone, events);
      void call.follow();
      return call;
    } catch (error) {
      peer?.close();
      for (const track of microphone.getTracks()) track.stop();
      throw error;
    }
  }

  /**
   * Hangs up through the API (the call's record says hung_up_by_api); the call's last event
   * then ends it here, or, if that does not come soon, the media is stopped anyway.
   */
  async hangUp(): Promise<void> {
    await this.api.call("DELETE /v1/calls/{callId}", { path: { callId: this.id } }).catch(() => {});
    setTimeout(() => this.finish("hung_up_by_api"), ENDED_WAIT_MS);
  }

  /** Stops the media and the events without telling the API (the page is going away). */
  close(): void {
    this.stopMedia();
    this.stopEvents.abort();
  }

  private stopMedia(): void {
    this.over = true;
    this.peer.close();
    for (const track of this.microphone.getTracks()) track.stop();
  }

  /** The call is over: the media stops; the event stream, if open, closes on its own. */
  private finish(reason: string | null): void {
    if (this.over) return;
    this.stopMedia();
    this.events.onEnded(reason);
  }

  private onEvent(event: ServerEvent): void {
    // After a reconnect the feed sends what is kept again: each id is taken once.
    if (event.id !== null) {
      if (event.id <= this.lastEventId) return;
      this.lastEventId = event.id;
    }
    const data = event.data as Record<string, unknown>;
    if (event.event === "phase") this.events.onPhase(String(data.phase));
    if (event.event === "transcript") {
      this.events.onLine({
        id: event.id ?? this.lastEventId,
        role: data.role as LiveLine["role"],
        text: String(data.text ?? ""),
        offsetMs: Number(data.offsetMs ?? 0),
      });
    }
    if (event.event === "ended") this.finish(typeof data.reason === "string" ? data.reason : null);
  }

  /**
   * Follows the call's events until it ends. A stream that closes early (a proxy's idle
   * timeout) is opened again while the call is live.
   */
  private async follow(): Promise<void> {
    const { signal } = this.stopEvents;
    while (!this.over) {
      try {
        const stream = await this.api.stream(
          "GET /v1/calls/{callId}/events",
          { path: { callId: this.id } },
          signal,
        );
        await readServerEvents(stream, (event) => this.onEvent(event));
      } catch {
        // Closed or refused: the call's state below says whether to go on.
      }
      if (this.over) return;
      const state = await this.api
        .call("GET /v1/calls/{callId}", { path: { callId: this.id } })
        .catch(() => null);
      if (!state?.live) return this.finish(state?.endReason ?? null);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
