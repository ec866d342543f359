import type { AfterCall } from "../calls/after-call";
import type { BackgroundTasks } from "../calls/background-tasks";
import type { CallRegistry } from "../calls/call-registry";
import type { Env } from "../config/env";
import type { Logger } from "../log/logger";
import { CallLeases } from "../ownership/call-leases";
import { CallOwners } from "../ownership/call-owners";
import { LeaseSweep } from "../ownership/lease-sweep";
import type { MachineIdentity } from "../ownership/machine-identity";
import type { SessionStore } from "../session/session-store";
import type { Stores } from "../store/stores";
import { finishOrphans } from "./finish-orphans";

/**
 * Call ownership on this machine: every call added to the registry is leased in the session
 * store; requests about calls leased elsewhere are replayed there; calls whose lease expired are
 * closed and finished. Sweeps once before serving, then every lease period.
 */
export async function startOwnership(deps: {
  env: Pick<Env, "CALL_LEASE_SECONDS" | "DATABASE_URL" | "DATABASE_SYNC_URL">;
  store: SessionStore;
  machine: MachineIdentity;
  registry: CallRegistry;
  stores: Stores;
  afterCall: AfterCall;
  background: BackgroundTasks;
  log: Logger;
}) {
  const { store, machine, registry, stores, log } = deps;
  const leaseMs = deps.env.CALL_LEASE_SECONDS * 1000;
  const leases = new CallLeases({ store, machine, ttlMs: leaseMs, log });
  registry.onAdd((session, call) => {
    void leases.hold({ callId: session.id, ...call }, session.ended);
  });
  const owners = new CallOwners({
    registry,
    leases,
    machine,
    tenantOfLine: async (route, channel, address) =>
      (await stores.bindings.resolveForRoute(route, channel, address))?.tenantId ?? null,
    log,
  });
  const sweep = new LeaseSweep({
    db: stores.db,
    leases,
    registry,
    leaseMs,
    closed: (callIds) => deps.background.run(finishOrphans(callIds, stores, deps.afterCall, log)),
    log,
  });
  if (store.backend !== "memory") {
    await sweep.sweep();
    sweep.start(leaseMs);
  } else if (!sharedDatabase(deps.env)) {
    // This machine is the only one: every open call is the previous run's, whatever its age.
    await sweep.sweep(0);
    sweep.start(leaseMs);
  } else {
    // Other machines' leases are invisible from here: sweeping would close their live calls.
    log.warn(
      "in-memory session store with a shared database: calls of lost machines are not swept; set REDIS_URL",
    );
  }
  return {
    owners,
    leases,
    sweep,
    stop: () => {
      sweep.stop();
      leases.stop();
    },
  };
}

/** A database other machines may write too: a remote one, or a replica of one. */
function sharedDatabase(env: Pick<Env, "DATABASE_URL" | "DATABASE_SYNC_URL">): boolean {
  if (env.DATABASE_SYNC_URL) return true;
  return !(env.DATABASE_URL.startsWith("file:") || env.DATABASE_URL === ":memory:");
}
