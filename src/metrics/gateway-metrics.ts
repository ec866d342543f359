import type { LiveCallSession } from "../calls/live-session";
import type { CallChannel } from "../domain/call";
import { EVENT_LOOP_LAG_BUCKETS } from "./event-loop-lag";
import {
  Collected,
  Counter,
  Gauge,
  Histogram,
  type HistogramSeries,
  MetricRegistry,
  type Reading,
} from "./exposition";
import {
  AFTER_CALL_STEPS,
  CHANNELS,
  END_REASONS,
  OUTBOX_QUEUES,
  REPLAY_ROUTE_KINDS,
  REPLAY_TARGETS,
  SESSION_STORE_BACKENDS,
  SESSION_STORE_OPERATIONS,
  STATUS_CLASSES,
  STEP_OUTCOMES,
  THREADS,
  WEBHOOK_ROUTE_KINDS,
} from "./label-values";

/** Seconds: what a caller waits for the agent, from 50 ms to 10 s. */
const CONVERSATION_BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10];
/** Seconds: a request's handling, from 1 ms to 5 s. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Seconds: after-call work, up to the analysis model's answer. */
const STEP_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Seconds: one session-store operation, in process or over the network. */
const STORE_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

const channelLabel = { channel: CHANNELS };

/** The part of a call the metrics watch: its timings, its underruns, its end. */
export type ObservedCall = Pick<LiveCallSession, "events" | "metrics" | "ended">;

/** What is read at scrape time rather than kept in step. */
export interface ScrapeSources {
  /** Recordings being written on this machine. */
  recordingsInProgress?: () => number;
  /** Pending outbox work by queue (see OutboxDepth). */
  outboxDepth?: () => Promise<Partial<Record<(typeof OUTBOX_QUEUES)[number], number>>>;
}

/**
 * The gateway's metrics for GET /metrics. Calls are counted when they start and end, their
 * latencies once per turn; nothing here runs per audio frame.
 */
export class GatewayMetrics {
  readonly registry = new MetricRegistry();
  private readonly liveCalls = this.registry.register(
    new Gauge({
      name: "astra_calls_live",
      help: "Calls in progress on this machine.",
      labels: channelLabel,
    }),
  );
  private readonly callsEnded = this.registry.register(
    new Counter({
      name: "astra_calls_ended_total",
      help: "Calls that ended on this machine, by channel and end reason.",
      labels: { channel: CHANNELS, reason: END_REASONS },
    }),
  );
  private readonly turnLatency = this.registry.register(
    new Histogram({
      name: "astra_call_turn_response_seconds",
      help: "Per turn: the caller stopped speaking (or a response was asked for) to the agent's first audio sent.",
      labels: channelLabel,
      buckets: CONVERSATION_BUCKETS,
    }),
  );
  private readonly modelFirstAudio = this.registry.register(
    new Histogram({
      name: "astra_model_first_audio_seconds",
      help: "Per turn: the caller stopped speaking to the model's first audio received.",
      labels: channelLabel,
      buckets: CONVERSATION_BUCKETS,
    }),
  );
  private readonly greeting = this.registry.register(
    new Histogram({
      name: "astra_call_greeting_seconds",
      help: "Per call: media connected to the greeting's first audio sent.",
      labels: channelLabel,
      buckets: CONVERSATION_BUCKETS,
    }),
  );
  /** Underruns of calls that have ended, by channel; live calls' are added at scrape time. */
  private readonly endedUnderruns = new Map<string, number>();
  private readonly liveSessions = new Map<ObservedCall, CallChannel>();
  /** Webhook handling time by route kind and status class. */
  readonly webhookLatency = this.registry.register(
    new Histogram({
      name: "astra_webhook_handling_seconds",
      help: "Provider webhook requests: received to answered, by route kind and status class.",
      labels: { route_kind: WEBHOOK_ROUTE_KINDS, status_class: STATUS_CLASSES },
      buckets: REQUEST_BUCKETS,
    }),
  );
  /** Answers that handed a request to another machine (`fly-replay`), by kind and route. */
  readonly replays = this.registry.register(
    new Counter({
      name: "astra_fly_replays_total",
      help: "Requests handed to another machine with fly-replay: to the call's owner, or elsewhere (full or draining).",
      labels: { target: REPLAY_TARGETS, route_kind: REPLAY_ROUTE_KINDS },
    }),
  );
  /** How late a periodic timer fires: what any event waits for the event loop, per thread. */
  private readonly eventLoopLag = this.registry.register(
    new Histogram({
      name: "astra_event_loop_lag_seconds",
      help: "How late a 10 ms timer fired: the wait of any event (caller audio, model message) for the event loop, on the main thread or a call worker.",
      labels: { thread: THREADS },
      buckets: EVENT_LOOP_LAG_BUCKETS,
    }),
  );
  readonly afterCallSteps = this.registry.register(
    new Histogram({
      name: "astra_after_call_step_seconds",
      help: "Duration of each after-call step (transcript, recording, analysis), by outcome.",
      labels: { step: AFTER_CALL_STEPS, outcome: STEP_OUTCOMES },
      buckets: STEP_BUCKETS,
    }),
  );
  /** For the shared session store to report each operation into (see reportSessionStoreLatency). */
  readonly sessionStoreLatency = this.registry.register(
    new Histogram({
      name: "astra_session_store_seconds",
      help: "Session-store operations (call ownership, de-duplication, limits), by backend and operation.",
      labels: { backend: SESSION_STORE_BACKENDS, operation: SESSION_STORE_OPERATIONS },
      buckets: STORE_BUCKETS,
    }),
  );

  constructor() {
    this.registry.register(
      new Collected(
        "counter",
        {
          name: "astra_playout_underruns_total",
          help: "10 ms frames the agent's audio was due but not there (the caller heard a gap).",
          labels: channelLabel,
        },
        () => this.underrunReadings(),
      ),
    );
    this.registry.register(
      new Collected(
        "counter",
        { name: "process_cpu_seconds_total", help: "CPU time of this process, user and system." },
        () => {
          const { user, system } = process.cpuUsage();
          return [[{}, (user + system) / 1e6]];
        },
      ),
    );
    this.registry.register(
      new Collected(
        "gauge",
        { name: "process_resident_memory_bytes", help: "Resident memory of this process." },
        () => [[{}, process.memoryUsage.rss()]],
      ),
    );
    for (const channel of CHANNELS) this.liveCalls.labels({ channel });
  }

  /** Reads recordings being written and pending outbox work at each scrape. */
  watch(sources: ScrapeSources): void {
    const recordings = sources.recordingsInProgress;
    if (recordings)
      this.registry.register(
        new Collected(
          "gauge",
          {
            name: "astra_recordings_in_progress",
            help: "Call recordings being written on this machine.",
          },
          () => [[{}, recordings()]],
        ),
      );
    const outbox = sources.outboxDepth;
    if (outbox)
      this.registry.register(
        new Collected(
          "gauge",
          {
            name: "astra_outbox_pending",
            help: "Events out not yet fanned out to endpoints, deliveries pending, and events not yet published to Pub/Sub.",
            labels: { queue: OUTBOX_QUEUES },
          },
          async () =>
            Object.entries(await outbox()).map(([queue, n]) => [{ queue }, n ?? 0] as const),
        ),
      );
  }

  /** Watches a call from its start: live count, per-turn timings, end reason, underruns. */
  callStarted(call: ObservedCall, channel: CallChannel): void {
    const live = this.liveCalls.labels({ channel });
    live.inc();
    this.liveSessions.set(call, channel);
    const turn = this.turnLatency.labels({ channel });
    const firstAudio = this.modelFirstAudio.labels({ channel });
    call.events.on("turn", (timing) => {
      if (timing.responseLatencyMs !== null) turn.observe(timing.responseLatencyMs / 1000);
      if (timing.modelFirstAudioMs !== null) firstAudio.observe(timing.modelFirstAudioMs / 1000);
    });
    call.events.on("greeting", ({ firstAudioMs }) =>
      this.greeting.labels({ channel }).observe(firstAudioMs / 1000),
    );
    void call.ended.then(
      (reason) => this.callEnded(call, channel, reason),
      () => this.callEnded(call, channel, "error"),
    );
  }

  /** A call refused before it started (limits, quota, an unpublished agent) ended as well. */
  callRefused(channel: CallChannel, reason: string): void {
    this.callsEnded.labels({ channel, reason }).inc();
  }

  /** The event-loop lag of the main thread, or of call worker `index`. */
  loopLag(thread: "main" | number): HistogramSeries {
    return this.eventLoopLag.labels({
      thread: thread === "main" ? "main" : `worker-${thread}`,
    });
  }

  /** Times one after-call step. */
  afterCallStep(step: string, seconds: number, ok: boolean): void {
    this.afterCallSteps.labels({ step, outcome: ok ? "ok" : "failed" }).observe(seconds);
  }

  render(): Promise<string> {
    return this.registry.render();
  }

  private callEnded(call: ObservedCall, channel: CallChannel, reason: string): void {
    this.liveCalls.labels({ channel }).dec();
    this.liveSessions.delete(call);
    this.callsEnded.labels({ channel, reason }).inc();
    const before = this.endedUnderruns.get(channel) ?? 0;
    this.endedUnderruns.set(channel, before + call.metrics.underruns);
  }

  private underrunReadings(): Array<Reading<typeof channelLabel>> {
    const readings: Array<Reading<typeof channelLabel>> = [];
    for (const channel of CHANNELS)
      readings.push([{ channel }, this.endedUnderruns.get(channel) ?? 0]);
    for (const [call, channel] of this.liveSessions)
      readings.push([{ channel }, call.metrics.underruns]);
    return readings;
  }
}
