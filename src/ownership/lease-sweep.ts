import type { CallRegistry } from "../calls/call-registry";
import type { Logger } from "../log/logger";
import { closeAbandonedCall, openCallsSilentSince } from "../store/abandoned-calls";
import type { Db } from "../store/db";
import type { CallLeases } from "./call-leases";

/**
 * Closes calls whose machine is gone: open in the database, nothing heard of them for a lease
 * period, and no lease in the session store (its owner stopped renewing). Every machine sweeps;
 * the close is conditional in the database, so a call is closed (and finished) by one of them.
 */
export class LeaseSweep {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<string[]> | undefined;

  constructor(
    private readonly deps: {
      db: Db;
      leases: Pick<CallLeases, "ownerOfCall">;
      registry: Pick<CallRegistry, "get">;
      leaseMs: number;
      /** The calls this machine just closed: their after-call work starts here. */
      closed: (callIds: string[]) => void;
      log: Logger;
    },
  ) {}

  /** Sweeps every `intervalMs` from now on. */
  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.sweep().catch(() => {}), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * One pass; `silentForMs` defaults to the lease. 0 closes every open call without a lease: only
   * right at start with the in-memory store, where this machine is the only one.
   */
  sweep(silentForMs = this.deps.leaseMs): Promise<string[]> {
    this.running ??= this.pass(silentForMs).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(silentForMs: number): Promise<string[]> {
    const { db, leases, registry, log } = this.deps;
    const before = new Date(Date.now() - silentForMs).toISOString();
    const closed: string[] = [];
    try {
      for (const callId of await openCallsSilentSince(db, before)) {
        if (registry.get(callId)) continue;
        if (await leases.ownerOfCall(callId)) continue;
        if (await closeAbandonedCall(db, callId, before)) closed.push(callId);
      }
    } catch (error) {
      // The store or the database is unreachable: nothing is closed on a guess; next pass.
      log.warn("call lease sweep failed", { error });
    }
    if (closed.length > 0) {
      log.warn("closed calls whose machine stopped holding them", { calls: closed.length });
      this.deps.closed(closed);
    }
    return closed;
  }
}
