import { TypedEmitter } from "../events/typed-emitter";
import type { MediaLeg, MediaLegEvents, MediaLegState, MediaLegStats } from "../media/media-leg";
import type { CallWorkerThread } from "./worker-thread";

/**
 * A media leg that lives on a call worker: the main thread holds this handle to close it or hand
 * it to the session the worker then runs. Its audio never crosses to the main thread.
 */
export class WorkerMediaLeg implements MediaLeg {
  private readonly emitter = new TypedEmitter<MediaLegEvents>();
  private current: MediaLegState = "new";

  constructor(
    /** The worker that holds the leg. */
    readonly worker: CallWorkerThread,
    readonly legId: number,
    private readonly closeOnWorker: (reason?: string) => Promise<void>,
  ) {}

  get state(): MediaLegState {
    return this.current;
  }

  on<K extends keyof MediaLegEvents>(
    event: K,
    listener: (...args: MediaLegEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  sendAudio(): void {
    throw new Error("this media leg is driven by its call worker");
  }

  async close(reason?: string): Promise<void> {
    if (this.current === "closed") return;
    await this.closeOnWorker(reason);
  }

  stats(): MediaLegStats {
    return { framesIn: 0, framesOut: 0 };
  }

  /** What the worker reported of the leg. */
  reported(event: "connected" | "disconnected" | "closed", reason?: string): void {
    if (event === "connected" && this.current === "new") {
      this.current = "connected";
      this.emitter.emit("connected");
    } else if (event === "disconnected") this.emitter.emit("disconnected", reason ?? "");
    else if (event === "closed" && this.current !== "closed") {
      this.current = "closed";
      this.emitter.emit("closed");
      this.emitter.removeAllListeners();
    }
  }
}
