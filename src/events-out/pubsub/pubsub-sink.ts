import type { Logger } from "../../log/logger";
import type { Fetch } from "../../net/guarded-fetch";
import type { OutboxPublishing, UnpublishedEvent } from "../../store/outbox-publishing";
import type { EventSink } from "../event-dispatcher";

export interface PubSubSinkOptions {
  /** `projects/<project>/topics/<topic>`. */
  topic: string;
  /** `https://pubsub.googleapis.com`, or the emulator's `http://host:port`. */
  apiBaseUrl: string;
  /** An OAuth access token; absent for the emulator, which takes none. */
  token?: () => Promise<string>;
  outbox: OutboxPublishing;
  fetch: Fetch;
  log: Logger;
  /** Events per publish request; default 100. */
  batchSize?: number;
}

/** How long a failed batch waits before it is tried again. */
const LEASE_MS = 30_000;

/**
 * Every event, to the operator's Google Pub/Sub topic (REST `topics.publish`): the data is the
 * event's body, the attributes say its type, id, tenant and call. Oldest first; a failed batch
 * is tried again when its lease ends.
 */
export class PubSubSink implements EventSink {
  constructor(private readonly options: PubSubSinkOptions) {}

  async publishPending(nowMs: number): Promise<number> {
    let published = 0;
    for (;;) {
      const events = await this.options.outbox.lease(
        nowMs,
        LEASE_MS,
        this.options.batchSize ?? 100,
      );
      if (events.length === 0) return published;
      try {
        await this.publish(events);
      } catch (error) {
        this.options.log.warn("publishing events to Pub/Sub failed; will try again", {
          events: events.length,
          error,
        });
        return published;
      }
      await this.options.outbox.markPublished(
        events.map((event) => event.seq),
        new Date(nowMs).toISOString(),
      );
      published += events.length;
    }
  }

  private async publish(events: UnpublishedEvent[]): Promise<void> {
    const { topic, apiBaseUrl, token } = this.options;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${await token()}`;
    const messages = events.map((event) => ({
      data: Buffer.from(event.body).toString("base64"),
      attributes: {
        type: event.type,
        eventId: event.id,
        tenantId: event.tenantId,
        ...(event.callId && { callId: event.callId }),
      },
    }));
    const response = await this.options.fetch(`${apiBaseUrl}/v1/${topic}:publish`, {
      method: "POST",
      headers,
      body: JSON.stringify({ messages }),
      signal: AbortSignal.timeout(15_000),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`Pub/Sub answered ${response.status}`);
  }
}
