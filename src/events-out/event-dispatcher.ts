import type { Logger } from "../log/logger";
import type { EgressPolicy } from "../net/egress-guard";
import { type Fetch, guardedFetch, type Lookup } from "../net/guarded-fetch";
import type { ClaimedDelivery, WebhookDeliveryStore } from "../store/webhook-deliveries";
import type { WebhookEndpointStore } from "../store/webhook-endpoints";
import { DEFAULT_RETRY_SCHEDULE_MS, nextAttemptMs } from "./retry-schedule";
import { webhookHeaders } from "./standard-webhooks";

/** A further place every event goes (the operator's Pub/Sub topic). */
export interface EventSink {
  /** Publishes what is waiting; returns how many events it published. */
  publishPending(nowMs: number): Promise<number>;
}

export interface EventDispatcherOptions {
  endpoints: WebhookEndpointStore;
  deliveries: WebhookDeliveryStore;
  /** What endpoint URLs may reach (ALLOW_PRIVATE_EGRESS). */
  egress: EgressPolicy;
  log: Logger;
  /** DNS for endpoint hosts; default the system's. */
  lookup?: Lookup;
  /** Milliseconds since the epoch; tests drive their own clock. */
  now?: () => number;
  random?: () => number;
  retryScheduleMs?: readonly number[];
  /** One attempt, connection to last byte; default 15 s. */
  attemptTimeoutMs?: number;
  /** How often the loop looks for work when idle; default 1 s. */
  pollMs?: number;
  /** Deliveries attempted at once; default 16. */
  batchSize?: number;
  sink?: EventSink;
}

/**
 * Turns outbox events into signed deliveries and makes them: each event to each endpoint that
 * wants it, retried with backoff over more than a day, a call's events in order per endpoint.
 * Any number of processes may run one over the same database: work is leased atomically.
 */
export class EventDispatcher {
  private readonly now: () => number;
  private readonly fetch: Fetch;
  private readonly schedule: readonly number[];
  private readonly attemptTimeoutMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(private readonly options: EventDispatcherOptions) {
    this.now = options.now ?? Date.now;
    this.schedule = options.retryScheduleMs ?? DEFAULT_RETRY_SCHEDULE_MS;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 15_000;
    // Redirects are not followed: a webhook POST is answered where it was sent, or it failed.
    this.fetch = guardedFetch({
      policy: options.egress,
      maxRedirects: 0,
      timeoutMs: this.attemptTimeoutMs,
      ...(options.lookup && { lookup: options.lookup }),
    });
  }

  /** Runs the loop in the background until stop(). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedulePass(0);
  }

  /** Ends the loop after the pass under way, whose attempts are recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /**
   * One pass: every waiting event fanned out, due deliveries attempted (until none is due),
   * then the sink. Returns how many attempts were made.
   */
  async runOnce(): Promise<number> {
    const { deliveries } = this.options;
    while ((await deliveries.fanOut(this.now())) > 0) {}
    let attempts = 0;
    const batch = this.options.batchSize ?? 16;
    for (;;) {
      const leaseMs = this.attemptTimeoutMs * 2;
      const claimed = await deliveries.claimDue(this.now(), leaseMs, batch);
      if (claimed.length === 0) break;
      await Promise.all(claimed.map((claim) => this.attempt(claim)));
      attempts += claimed.length;
    }
    await this.options.sink?.publishPending(this.now());
    return attempts;
  }

  private schedulePass(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then(() => {})
        .catch((error) => this.options.log.error("event dispatch failed", { error }))
        .finally(() => {
          if (!this.stopped) this.schedulePass(this.options.pollMs ?? 1000);
        });
    }, delayMs);
  }

  private async attempt(claim: ClaimedDelivery): Promise<void> {
    const { endpoints, deliveries, log } = this.options;
    const startedMs = this.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const secrets = await endpoints.signingSecrets(claim.endpointId, startedMs);
      const headers = webhookHeaders(secrets, {
        id: claim.eventId,
        timestampSeconds: Math.floor(startedMs / 1000),
        body: claim.body,
      });
      const response = await this.fetch(claim.url, { method: "POST", headers, body: claim.body });
      statusCode = response.status;
      // The receiver's answer is never read, kept or logged: only its status counts.
      await response.body?.cancel();
    } catch (caught) {
      error = describeFailure(caught);
    }
    const delivered = statusCode !== null && statusCode >= 200 && statusCode < 300;
    const attemptsMade = claim.attempts + 1;
    const retryAtMs = delivered
      ? null
      : nextAttemptMs(this.schedule, attemptsMade, this.now(), this.options.random);
    if (!delivered) {
      log.info("webhook delivery attempt failed", {
        deliveryId: claim.id,
        endpointId: claim.endpointId,
        attempt: attemptsMade,
        status: statusCode,
        error,
        willRetry: retryAtMs !== null,
      });
    }
    await deliveries.recordAttempt(
      claim,
      delivered
        ? { delivered: true, statusCode: statusCode as number }
        : { delivered: false, statusCode, error, retryAtMs },
    );
  }
}

/** A short reason that names at most the host, never the URL's path or query. */
function describeFailure(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return "timed out";
  if (error instanceof Error && error.name === "EgressRefused") {
    return error.message.includes("too many redirects")
      ? "answered with a redirect, which is not followed"
      : error.message;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 300);
}
