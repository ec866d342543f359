import type { ResponseOptions } from "../model-settings";

/** A `response.create` the client asked for, with the event id its rejection would carry. */
export interface ResponseRequest {
  eventId: string;
  options: ResponseOptions;
  /** One waiting coalescing request covers any number of later ones (e.g. tool results). */
  coalesce: boolean;
}

export type SequencerPhase =
  | { phase: "idle" }
  /** A `response.create` was sent; `response.created` has not arrived yet. */
  | { phase: "requested"; request: ResponseRequest }
  | { phase: "active"; responseId: string };

const ALREADY_ACTIVE = "conversation_already_has_active_response";
const RECENT_LIMIT = 8;

/**
 * The one-active-response rule. A request made while a response is active (or requested) waits
 * in a queue and goes out when `response.done` arrives. Responses the server starts by itself
 * (server VAD) count as active too. If a request still races one of those and the server
 * rejects it as "already has an active response", it goes back to the front of the queue.
 */
export class ResponseSequencer {
  private state: SequencerPhase = { phase: "idle" };
  private readonly queue: ResponseRequest[] = [];
  /** Requests sent lately, so a late rejection can be matched by event id. */
  private readonly recent: ResponseRequest[] = [];
  private counter = 0;

  /** `send` returns false when nothing can be sent now (socket down): the request stays queued. */
  constructor(
    private readonly send: (request: ResponseRequest) => boolean,
    private readonly idPrefix = "resp_create",
  ) {}

  get phase(): SequencerPhase {
    return this.state;
  }

  get activeResponseId(): string | null {
    return this.state.phase === "active" ? this.state.responseId : null;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** True while a response is active or requested, or requests are waiting. */
  get busy(): boolean {
    return this.state.phase !== "idle" || this.queue.length > 0;
  }

  request(options: ResponseOptions = {}, coalesce = false): ResponseRequest {
    const waiting = coalesce ? this.queue.find((r) => r.coalesce) : undefined;
    if (waiting) return waiting;
    this.counter += 1;
    const request = { eventId: `${this.idPrefix}_${this.counter}`, options, coalesce };
    this.queue.push(request);
    this.pump();
    return request;
  }

  onCreated(responseId: string): void {
    if (this.state.phase === "requested") this.remember(this.state.request);
    this.state = { phase: "active", responseId };
  }

  onDone(): void {
    this.state = { phase: "idle" };
    this.pump();
  }

  /**
   * An `error` event arrived. Returns true when it was the rejection of one of our requests
   * (and was handled here), false when it concerns something else.
   */
  onError(eventId: string | undefined, code: string | undefined): boolean {
    const request = this.findSent(eventId);
    if (!request) return false;
    this.forget(request);
    const wasPending = this.state.phase === "requested" && this.state.request === request;
    if (code === ALREADY_ACTIVE) {
      this.queue.unshift(request); // another response won the race: ours goes next
      if (wasPending) this.state = { phase: "active", responseId: "" };
      return true;
    }
    if (wasPending) {
      this.state = { phase: "idle" };
      this.pump();
    }
    return true;
  }

  /**
   * A new provider session began (rotation or reconnect): nothing is active there. A request
   * that was sent but never answered is asked again, ahead of the queue.
   */
  reset(): void {
    if (this.state.phase === "requested") this.queue.unshift(this.state.request);
    this.state = { phase: "idle" };
    this.recent.length = 0;
  }

  /** Sends the next request if nothing is active. Call after `reset` once the session is ready. */
  pump(): void {
    if (this.state.phase !== "idle") return;
    const next = this.queue[0];
    if (!next || !this.send(next)) return;
    this.queue.shift();
    this.state = { phase: "requested", request: next };
  }

  /** Drops every queued request (the leg is closing). */
  clear(): void {
    this.queue.length = 0;
  }

  private findSent(eventId: string | undefined): ResponseRequest | undefined {
    if (!eventId) return undefined;
    if (this.state.phase === "requested" && this.state.request.eventId === eventId) {
      return this.state.request;
    }
    return this.recent.find((r) => r.eventId === eventId);
  }

  private remember(request: ResponseRequest): void {
    this.recent.push(request);
    if (this.recent.length > RECENT_LIMIT) this.recent.shift();
  }

  private forget(request: ResponseRequest): void {
    const index = this.recent.indexOf(request);
    if (index >= 0) this.recent.splice(index, 1);
  }
}
