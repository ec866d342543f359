import type { CallChannel } from "../domain/call";
import type { Logger } from "../log/logger";
import type { SessionStore } from "../session/session-store";
import type { MachineIdentity } from "./machine-identity";

/** A live call as its leases name it. */
export interface LeasedCall {
  callId: string;
  tenantId: string;
  agentId: string;
  channel: CallChannel;
  providerCallId?: string | undefined;
}

/** What a lease says: which machine holds the call, and whose call it is (for access checks). */
export interface LeaseOwner {
  machine: string;
  region: string | null;
  tenantId: string;
  agentId: string;
}

export const callLeaseKey = (callId: string) => `lease:call:${callId}`;
export const providerLeaseKey = (tenantId: string, channel: string, providerCallId: string) =>
  `lease:provider:${tenantId}/${channel}/${providerCallId}`;

interface Held {
  keys: string[];
  value: string;
  callId: string;
}

/**
 * The leases of the calls live on this machine: each call's id (and its provider's call id) names
 * this machine in the session store for `ttlMs`, renewed every third of it while the call lasts
 * and given back when it ends. A machine that dies stops renewing, so its leases expire and the
 * other machines' sweeps close its calls.
 *
 * A renewal that finds its lease gone (expired during a stall, or the store emptied) takes it
 * back. One that finds it held by another machine, or cannot reach the store, is logged and the
 * call goes on: its caller and media are here, and cutting a live call for a bookkeeping fault is
 * worse than a request that cannot find it for a moment.
 */
export class CallLeases {
  private readonly held = new Map<string, Held>();
  private readonly timer: ReturnType<typeof setInterval>;
  private renewing = false;

  constructor(
    private readonly deps: {
      store: SessionStore;
      machine: MachineIdentity;
      ttlMs: number;
      log: Logger;
    },
  ) {
    this.timer = setInterval(() => void this.renewAll(), Math.max(1, Math.floor(deps.ttlMs / 3)));
    this.timer.unref?.();
  }

  get ttlMs(): number {
    return this.deps.ttlMs;
  }

  /** Takes the call's leases now and gives them back once `ended` settles. */
  async hold(call: LeasedCall, ended: Promise<unknown>): Promise<void> {
    const owner: LeaseOwner = {
      machine: this.deps.machine.id,
      region: this.deps.machine.region,
      tenantId: call.tenantId,
      agentId: call.agentId,
    };
    const keys = [callLeaseKey(call.callId)];
    if (call.providerCallId)
      keys.push(providerLeaseKey(call.tenantId, call.channel, call.providerCallId));
    const held: Held = { keys, value: JSON.stringify(owner), callId: call.callId };
    this.held.set(call.callId, held);
    void ended.finally(() => this.release(held));
    try {
      const taken = await Promise.all(
        keys.map((key) => this.deps.store.setIfAbsent(key, held.value, this.deps.ttlMs)),
      );
      if (taken.some((ok) => !ok))
        this.deps.log.error("call lease already held by another machine", { callId: call.callId });
    } catch (error) {
      this.deps.log.warn("could not take a call lease: session store unreachable", {
        callId: call.callId,
        error,
      });
    }
  }

  /** Who holds the call, or null when no live machine does. */
  ownerOfCall(callId: string): Promise<LeaseOwner | null> {
    return this.read(callLeaseKey(callId));
  }

  ownerOfProviderCall(
    tenantId: string,
    channel: string,
    providerCallId: string,
  ): Promise<LeaseOwner | null> {
    return this.read(providerLeaseKey(tenantId, channel, providerCallId));
  }

  /** How many calls this machine holds leases for. */
  get size(): number {
    return this.held.size;
  }

  /** Stops renewing (at exit); the leases expire on their own or are given back as calls end. */
  stop(): void {
    clearInterval(this.timer);
  }

  private async read(key: string): Promise<LeaseOwner | null> {
    const value = await this.deps.store.get(key);
    if (value === null) return null;
    try {
      return JSON.parse(value) as LeaseOwner;
    } catch {
      return null;
    }
  }

  private async release(held: Held): Promise<void> {
    this.held.delete(held.callId);
    try {
      await Promise.all(held.keys.map((key) => this.deps.store.compareAndDelete(key, held.value)));
    } catch (error) {
      // It expires on its own within the lease.
      this.deps.log.warn("could not give a call lease back", { callId: held.callId, error });
    }
  }

  private async renewAll(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    let unreachable = 0;
    try {
      await Promise.all(
        [...this.held.values()].flatMap((held) =>
          held.keys.map((key) =>
            this.renew(key, held).catch(() => {
              unreachable++;
            }),
          ),
        ),
      );
      if (unreachable > 0)
        this.deps.log.warn("call lease renewal failed: session store unreachable", {
          leases: unreachable,
        });
    } finally {
      this.renewing = false;
    }
  }

  private async renew(key: string, held: Held): Promise<void> {
    const { store, ttlMs, log } = this.deps;
    if (await store.compareAndSet(key, held.value, held.value, ttlMs)) return;
    if (!this.held.has(held.callId)) return; // Ended meanwhile: released, not lost.
    if (await store.setIfAbsent(key, held.value, ttlMs)) {
      log.warn("call lease had expired; taken back", { callId: held.callId });
      return;
    }
    log.error("call lease held by another machine; the call goes on here", {
      callId: held.callId,
    });
  }
}
