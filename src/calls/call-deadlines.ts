/**
 * A call's clocks: the longest it may last, how long its media may take to connect, and the
 * heartbeat that bounds how much of its record a crash can leave stale.
 */
export class CallDeadlines {
  private maxDuration: ReturnType<typeof setTimeout> | null = null;
  private connect: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly on: { tooLong(): void; noMedia(): void; beat(): void }) {}

  start(maxDurationMs: number, heartbeatMs: number): void {
    this.maxDuration = setTimeout(() => this.on.tooLong(), maxDurationMs);
    this.heartbeat = setInterval(() => this.on.beat(), heartbeatMs);
  }

  /** Media not connected within `ms` from now ends the call (a later call replaces the wait). */
  expectMediaWithin(ms: number): void {
    this.mediaConnected();
    this.connect = setTimeout(() => this.on.noMedia(), ms);
  }

  mediaConnected(): void {
    if (this.connect) clearTimeout(this.connect);
    this.connect = null;
  }

  stop(): void {
    if (this.maxDuration) clearTimeout(this.maxDuration);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.mediaConnected();
  }
}
