import type { RealtimeError } from "openai/resources/realtime/realtime";

/** The socket side of one simulator connection, as faults need it. */
export interface FaultableSocket {
  sendText(text: string): void;
  /** Abrupt loss: no close frame (the client sees 1006). */
  terminate(): void;
  close(code: number, reason: string): void;
  /** Sends an `error` event through the session (stamped with an event id). */
  injectError(error: RealtimeError): void;
}

/** Fault injection for tests: every switch acts on the simulator's connections. */
export interface SimulatorFaults {
  /** Cuts every open connection now, without a close frame. */
  dropConnections(): void;
  /** Cuts each connection open now (or, if none, the next to open) after `n` more events. */
  dropAfterEvents(n: number): void;
  /** Delays every outgoing event by `ms`, order kept; 0 turns it off. */
  delayEvents(ms: number): void;
  /** Sends an `error` event on every open connection. */
  sendError(error?: Partial<RealtimeError>): void;
  /** Answers new connection attempts with HTTP 503 while on. */
  refuseConnections(on: boolean): void;
  /** Leaves new connection attempts unanswered (the upgrade hangs) while on. */
  stallConnections(on: boolean): void;
  /** Closes every open connection with 1001, as the service does at its session limit. */
  goAway(): void;
}

/** One connection's outgoing events, with the delay and the drop-after counter applied. */
export class Outbox {
  dropAfter: number | null = null;
  private sent = 0;
  private dead = false;

  constructor(
    readonly socket: FaultableSocket,
    private readonly delayMs: () => number,
  ) {}

  push(text: string): void {
    const delay = this.delayMs();
    if (delay > 0) setTimeout(() => this.deliver(text), delay);
    else this.deliver(text);
  }

  kill(): void {
    this.dead = true;
  }

  private deliver(text: string): void {
    if (this.dead) return;
    this.socket.sendText(text);
    this.sent += 1;
    if (this.dropAfter !== null && this.sent >= this.dropAfter) {
      this.dead = true;
      this.socket.terminate();
    }
  }

  /** Arms the drop-after counter relative to what was sent so far. */
  dropAfterMore(n: number): void {
    this.dropAfter = this.sent + n;
  }
}

/** The state behind `SimulatorFaults`, shared by the server's connection handlers. */
export class FaultControl implements SimulatorFaults {
  readonly open = new Set<Outbox>();
  delay = 0;
  refusing = false;
  stalling = false;
  private dropNextAfter: number | null = null;

  /** Called for each new connection. */
  attach(outbox: Outbox): void {
    this.open.add(outbox);
    if (this.dropNextAfter !== null) {
      outbox.dropAfterMore(this.dropNextAfter);
      this.dropNextAfter = null;
    }
  }

  detach(outbox: Outbox): void {
    this.open.delete(outbox);
  }

  dropConnections(): void {
    for (const outbox of this.open) {
      outbox.kill();
      outbox.socket.terminate();
    }
  }

  dropAfterEvents(n: number): void {
    if (this.open.size === 0) this.dropNextAfter = n;
    for (const outbox of this.open) outbox.dropAfterMore(n);
  }

  delayEvents(ms: number): void {
    this.delay = ms;
  }

  sendError(error: Partial<RealtimeError> = {}): void {
    const full: RealtimeError = {
      type: error.type ?? "server_error",
      message: error.message ?? "The server had an error while processing your request.",
      code: error.code ?? null,
      event_id: error.event_id ?? null,
      param: error.param ?? null,
    };
    for (const outbox of this.open) outbox.socket.injectError(full);
  }

  refuseConnections(on: boolean): void {
    this.refusing = on;
  }

  stallConnections(on: boolean): void {
    this.stalling = on;
  }

  goAway(): void {
    for (const outbox of this.open) {
      outbox.kill();
      outbox.socket.close(1001, "session expired");
    }
  }
}
