import type { CallEvents, CallPhase } from "../calls/call-events";
import type { EndReason } from "../domain/call";
import type { TypedEmitter } from "../events/typed-emitter";

/** One server-sent event of a call: its id counts up from 1 within the call. */
export interface FeedEntry {
  id: number;
  event: "phase" | "transcript" | "turn" | "ended";
  data: unknown;
}

/** What a feed reads from a live call session. */
export interface WatchedSession {
  readonly events: Pick<TypedEmitter<CallEvents>, "on">;
  readonly phase: CallPhase;
  readonly ended: Promise<EndReason>;
}

export interface Subscription {
  /** Entries after the id the subscriber last saw, to send before any new one. */
  replay: FeedEntry[];
  stop(): void;
}

/**
 * One call's events, numbered, with the last `capacity` kept so a client that reconnects with
 * `Last-Event-ID` gets what it missed and nothing twice. Entries are numbered and stored in the
 * same synchronous step that hands them to subscribers, so a replay and the live entries that
 * follow it never overlap or leave a gap.
 */
export class CallEventFeed {
  private readonly entries: FeedEntry[] = [];
  private readonly listeners = new Set<(entry: FeedEntry) => void>();
  private readonly closers = new Set<() => void>();
  private lastId = 0;
  private isClosed = false;

  constructor(
    session: WatchedSession,
    private readonly capacity: number,
  ) {
    this.push("phase", { phase: session.phase });
    const stops = [
      session.events.on("phase", (phase) => this.push("phase", { phase })),
      session.events.on("transcript", (entry) => this.push("transcript", entry)),
      session.events.on("turn", (timing) => this.push("turn", timing)),
    ];
    void session.ended.then((reason) => {
      for (const stop of stops) stop();
      this.push("ended", { reason });
      this.isClosed = true;
      for (const close of this.closers) close();
      this.listeners.clear();
      this.closers.clear();
    });
  }

  /** True once the call ended and its last entry was given out. */
  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Entries after `lastSeenId` (every kept one when null), then each new entry through
   * `listener` until the call ends, when `onClose` is called.
   */
  subscribe(
    lastSeenId: number | null,
    listener: (entry: FeedEntry) => void,
    onClose: () => void,
  ): Subscription {
    const replay = this.entries.filter((e) => lastSeenId === null || e.id > lastSeenId);
    if (!this.isClosed) {
      this.listeners.add(listener);
      this.closers.add(onClose);
    }
    return {
      replay,
      stop: () => {
        this.listeners.delete(listener);
        this.closers.delete(onClose);
      },
    };
  }

  private push(event: FeedEntry["event"], data: unknown): void {
    this.lastId += 1;
    const entry = { id: this.lastId, event, data };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.shift();
    for (const listener of this.listeners) listener(entry);
  }
}

/**
 * The feeds of the calls someone watches, each started on its first subscriber and kept for
 * `retainMs` after its call ends, so a client cut off near the end can still fetch the end.
 */
export class CallEventFeeds {
  private readonly feeds = new Map<
    string,
    { feed: CallEventFeed; tenantId: string; agentId: string }
  >();

  constructor(private readonly options: { capacity: number; retainMs: number }) {}

  /** The feed of a live call, started now if nobody watched it yet. */
  forLive(
    callId: string,
    call: { session: WatchedSession; tenantId: string; agentId: string },
  ): CallEventFeed {
    const known = this.feeds.get(callId);
    if (known) return known.feed;
    const feed = new CallEventFeed(call.session, this.options.capacity);
    this.feeds.set(callId, { feed, tenantId: call.tenantId, agentId: call.agentId });
    void call.session.ended.then(() => {
      const timer = setTimeout(() => this.feeds.delete(callId), this.options.retainMs);
      timer.unref?.();
    });
    return feed;
  }

  /** The kept feed of a call that ended recently, with whose it is. */
  recent(callId: string): { feed: CallEventFeed; tenantId: string; agentId: string } | undefined {
    return this.feeds.get(callId);
  }
}
