import { TypedEmitter } from "../events/typed-emitter";
import { Logger } from "../log/logger";
import { abortableWait } from "./abortable-wait";
import { type BackoffPolicy, backoffDelayMs, DEFAULT_BACKOFF } from "./backoff-policy";
import {
  ModelConnectError,
  type ModelConnectionState,
  type ModelLegEvents,
  type SessionRotationReason,
} from "./model-leg";
import type { ModelSettings } from "./model-settings";
import { emptyUsage, type ModelUsage } from "./usage";

/**
 * What every model leg over a provider's socket shares: its events and log, its connection
 * state, its usage totals, and the first connect (a session opened and adopted, or the leg
 * closed with why not). Each provider opens, adopts and closes its own kind of session.
 */
export abstract class SocketModelLeg<Session> {
  protected readonly events: TypedEmitter<ModelLegEvents>;
  protected readonly log: Logger;
  protected readonly backoff: BackoffPolicy;
  protected readonly lifetime = new AbortController();
  protected settings: ModelSettings | null = null;
  protected connection: ModelConnectionState = { status: "idle" };
  protected totals: ModelUsage = emptyUsage();
  /** A session is being replaced (a rotation or a reconnect): one at a time. */
  protected replacing = false;

  constructor(options: { logger?: Logger; backoff?: Partial<BackoffPolicy> }, component: string) {
    this.log = (options.logger ?? new Logger("info")).child({ component });
    this.events = new TypedEmitter((error) =>
      this.log.error("model event listener threw", { error }),
    );
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  get state(): ModelConnectionState {
    return this.connection;
  }

  get usage(): ModelUsage {
    return this.totals;
  }

  on<K extends keyof ModelLegEvents>(
    event: K,
    listener: (...args: ModelLegEvents[K]) => void,
  ): () => void {
    return this.events.on(event, listener);
  }

  async connect(settings: ModelSettings, signal?: AbortSignal): Promise<void> {
    if (this.connection.status !== "idle") throw new Error("model leg: connect called twice");
    this.settings = settings;
    const onAbort = () => void this.close("aborted");
    signal?.addEventListener("abort", onAbort, { once: true });
    this.lifetime.signal.addEventListener("abort", () =>
      signal?.removeEventListener("abort", onAbort),
    );
    this.setState({ status: "connecting", attempt: 1 });
    try {
      this.adopt(await this.openSession(signal), null);
    } catch (error) {
      const failure =
        error instanceof ModelConnectError
          ? error
          : new ModelConnectError(String(error), "connection");
      await this.close(failure.message, {
        category: failure.category,
        recoverable: false,
        message: failure.message,
      });
      throw failure;
    }
  }

  abstract close(reason?: string, error?: ModelLegEvents["error"][0]): Promise<void>;

  protected setState(state: ModelConnectionState): void {
    this.connection = state;
    this.events.emit("connectionState", state);
  }

  /**
   * A new session after the current one was lost, retried with backoff; the leg closes once the
   * attempts run out. `immediately`: the first attempt goes at once (the server said it is leaving).
   */
  protected async recover(
    reason: SessionRotationReason,
    cause: string,
    immediately = false,
  ): Promise<void> {
    if (this.replacing || this.connection.status === "closed") return;
    this.replacing = true;
    this.abandonSession();
    try {
      for (let attempt = 1; attempt <= this.backoff.maxAttempts; attempt++) {
        const delayMs = immediately && attempt === 1 ? 0 : backoffDelayMs(this.backoff, attempt);
        this.setState({ status: "reconnecting", attempt, delayMs, cause });
        await abortableWait(delayMs, this.lifetime.signal);
        if (this.lifetime.signal.aborted) return;
        try {
          this.adopt(await this.openSession(), reason);
          return;
        } catch (error) {
          if (this.lifetime.signal.aborted) return;
          this.log.warn("model reconnect attempt failed", { attempt, error });
        }
      }
    } finally {
      this.replacing = false;
    }
    const message = `model connection lost: ${this.backoff.maxAttempts} reconnect attempts failed`;
    await this.close(message, { category: "connection", recoverable: false, message });
  }

  /** Called as a lost session starts being replaced: drop what was waiting on it. */
  protected abandonSession(): void {}

  protected abstract openSession(signal?: AbortSignal): Promise<Session>;

  protected abstract adopt(session: Session, reason: SessionRotationReason | null): void;
}
