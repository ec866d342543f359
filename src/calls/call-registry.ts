import type { CallChannel } from "../domain/call";
import type { LiveCallSession } from "./live-session";

interface LiveCall {
  session: LiveCallSession;
  tenantId: string;
  agentId: string;
  channel: CallChannel;
  providerCallId?: string | undefined;
}

/** A provider's call id means something only within one tenant's channel. */
const providerKey = (tenantId: string, channel: CallChannel, providerCallId: string) =>
  `${tenantId}/${channel}/${providerCallId}`;

/** The calls live on this machine: found by id, counted per tenant, drained on shutdown. */
export class CallRegistry {
  private readonly calls = new Map<string, LiveCall>();
  /** Tenant, channel and provider call id (WhatsApp's wacid…) → our call id, for webhooks. */
  private readonly byProvider = new Map<string, string>();
  private readonly added: ((session: LiveCallSession, call: Omit<LiveCall, "session">) => void)[] =
    [];

  /** Called for each call added from now on (call ownership takes its leases here). */
  onAdd(listener: (session: LiveCallSession, call: Omit<LiveCall, "session">) => void): void {
    this.added.push(listener);
  }

  add(session: LiveCallSession, call: Omit<LiveCall, "session">): void {
    this.calls.set(session.id, { session, ...call });
    for (const listener of this.added) listener(session, call);
    const key = call.providerCallId
      ? providerKey(call.tenantId, call.channel, call.providerCallId)
      : null;
    if (key) this.byProvider.set(key, session.id);
    void session.ended.finally(() => {
      this.calls.delete(session.id);
      if (key) this.byProvider.delete(key);
    });
  }

  byProviderCallId(
    scope: { tenantId: string; channel: CallChannel },
    providerCallId: string,
  ): LiveCall | undefined {
    const id = this.byProvider.get(providerKey(scope.tenantId, scope.channel, providerCallId));
    return id ? this.calls.get(id) : undefined;
  }

  get(callId: string): LiveCall | undefined {
    return this.calls.get(callId);
  }

  get size(): number {
    return this.calls.size;
  }

  countFor(tenantId: string): number {
    let n = 0;
    for (const call of this.calls.values()) if (call.tenantId === tenantId) n++;
    return n;
  }

  /**
   * Lets live calls finish for up to `graceMs`, then ends the rest with the agent's goodbye
   * (`gateway_shutdown`), each within `goodbyeWaitMs`, waiting until every record is written.
   */
  async drain(graceMs: number, goodbyeWaitMs: number): Promise<void> {
    const live = [...this.calls.values()].map((c) => c.session.ended);
    if (live.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.allSettled(live), grace]);
    clearTimeout(timer);
    await Promise.allSettled(
      [...this.calls.values()].map((c) =>
        c.session.endWithGoodbye("gateway_shutdown", goodbyeWaitMs),
      ),
    );
  }
}
