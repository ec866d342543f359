import type { BackgroundTasks } from "../calls/background-tasks";
import type { CallRegistry } from "../calls/call-registry";
import type { CallService } from "../calls/call-service";
import type { Logger } from "../log/logger";

/** How long the agent's goodbye may take, from asking the model to the end of its playout. */
export const GOODBYE_WAIT_MS = 10_000;
/** How long a call that was opening when the drain began may take to go live (or fail). */
const OPENING_WAIT_MS = 15_000;
/** How long after-call work (final transcript, recording, analysis) may run once calls ended. */
export const AFTER_CALL_WAIT_MS = 30_000;

export interface DrainParts {
  calls: Pick<CallService, "refuseNewCalls" | "opening">;
  registry: CallRegistry;
  background: BackgroundTasks;
  log: Logger;
}

/**
 * The first part of a shutdown: new calls are refused at once (and /readyz fails), live calls
 * go on for up to `drainMs`, then the agent says goodbye and ends them (`gateway_shutdown`),
 * and their after-call work gets a bounded wait. The HTTP server keeps answering meanwhile, so
 * the calls' own webhooks, hang-ups and event feeds still work.
 */
export async function drainCalls(parts: DrainParts, drainMs: number): Promise<void> {
  const { calls, registry, background, log } = parts;
  calls.refuseNewCalls();
  log.info("draining", { liveCalls: registry.size, drainSeconds: drainMs / 1000 });
  // A call accepted just before the signal is drained like the others once it is live.
  const startedAt = Date.now();
  while (calls.opening > 0 && Date.now() - startedAt < OPENING_WAIT_MS) await Bun.sleep(50);
  await registry.drain(Math.max(0, drainMs - (Date.now() - startedAt)), GOODBYE_WAIT_MS);
  const finished = await Promise.race([
    background.idle().then(() => true),
    Bun.sleep(AFTER_CALL_WAIT_MS).then(() => false),
  ]);
  if (!finished)
    log.warn("after-call work cut short by the shutdown", { tasksLeft: background.size });
  log.info("drained");
}
