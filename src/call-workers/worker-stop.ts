/** Calls get this long to end themselves (records written) before their media is cut. */
const END_CALLS_WITHIN_MS = 2000;

export interface WorkerRetirement {
  /** Tells the main thread, which starts another worker and stops sending this one calls. */
  failing(error: string): void;
  /** Ends every call on this thread (each writes its records and closes its legs). */
  endCalls(): Promise<unknown>;
  /** Closes whatever media legs and model legs are left. */
  closeLegs(): Promise<unknown>;
  /** Everything is closed: the main thread ends what this thread could not. */
  retired(): void;
}

/**
 * A call worker that fails where nothing catches it (an uncaught error or rejection, or code
 * calling process.exit) retires instead of dying: a thread that ends after running WebRTC
 * connections takes the whole process down with it (the addon's own threads call into the
 * thread that is gone), so the thread stays, idle. It reports the failure, ends its calls,
 * closes every leg and reports itself retired; the main thread has meanwhile started another
 * worker. A retired thread costs its memory until the process restarts.
 */
export function retireOnFailure(steps: WorkerRetirement): void {
  let failed = false;
  const fail = (error: string) => {
    if (failed) return;
    failed = true;
    steps.failing(error);
    const within = new Promise((resolve) => setTimeout(resolve, END_CALLS_WITHIN_MS));
    void Promise.race([steps.endCalls().catch(() => {}), within])
      .then(() => steps.closeLegs())
      .catch(() => {})
      .then(() => steps.retired());
  };
  process.on("uncaughtException", (error) => fail(describe(error)));
  process.on("unhandledRejection", (error) => fail(describe(error)));
  process.exit = ((code?: number | string | null) => {
    fail(`process.exit(${code ?? ""}) was called`);
    // Nothing after an exit may run: the caller's code stops here, as it would have.
    throw new WorkerRetiring();
  }) as typeof process.exit;
}

class WorkerRetiring extends Error {
  override name = "WorkerRetiring";
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
