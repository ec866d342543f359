import { TypedEmitter } from "../events/typed-emitter";
import { Logger } from "../log/logger";
import {
  ModelConnectError,
  type ModelConnectionState,
  type ModelLegEvents,
  type SessionRotationReason,
} from "./model-leg";
import type { ModelSettings } from "./model-settings";
import { type BackoffPolicy, DEFAULT_BACKOFF } from "./openai/backoff";
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

  protected abstract openSession(signal?: AbortSignal): Promise<Session>;

  protected abstract adopt(session: Session, reason: SessionRotationReason | null): void;
}
