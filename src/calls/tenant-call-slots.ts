import { DomainError } from "../domain/errors";
import type { Logger } from "../log/logger";
import type { SessionStore } from "../session/session-store";

/** A slot whose machine dies frees itself this long after its last renewal. */
const SLOT_TTL_MS = 30_000;
const RENEW_EVERY_MS = 10_000;

export const tenantLimitReached = (limit: number) =>
  new DomainError("rate_limited", `tenant is at its limit of ${limit} concurrent calls`, { limit });

/** A call's hold on one of its tenant's slots: renewed while the call lives, then given back. */
export interface TenantSlot {
  /** Keeps the slot until the call ends, then releases it. */
  holdUntil(ended: Promise<unknown>): void;
  release(): void;
}

/**
 * Per-tenant concurrent-call caps shared by every machine: each call takes a slot in the session
 * store (`slots:tenant:<tenantId>`, one atomic acquire) before its model and media open, renews it
 * while it lives and gives it back when it ends; a machine that dies stops renewing, so its calls'
 * slots free themselves after 30 s.
 *
 * When the store cannot be reached the call goes ahead, with a warning, and the cap holds per
 * machine only (CallSlots still counts this machine's calls): a business's phone line that stops
 * answering because a cache is down costs more than a tenant briefly over its cap.
 */
export class TenantCallSlots {
  constructor(
    private readonly store: SessionStore,
    private readonly log: Logger,
  ) {}

  /** Refuses, as acquire() would, when the tenant's slots are all taken; takes nothing. */
  async check(tenantId: string, limit: number): Promise<void> {
    const taken = await this.store.slotsTaken(keyOf(tenantId)).catch((error: unknown) => {
      this.warn("check", error);
      return 0;
    });
    if (taken >= limit) throw tenantLimitReached(limit);
  }

  /** Runs `open` holding a slot for `holder`; the slot is kept until the opened call ends. */
  async hold<R extends { session: { ended: Promise<unknown> } }>(
    tenantId: string,
    holder: string,
    limit: number,
    open: () => Promise<R>,
  ): Promise<R> {
    const slot = await this.acquire(tenantId, holder, limit);
    try {
      const opened = await open();
      slot.holdUntil(opened.session.ended);
      return opened;
    } catch (error) {
      slot.release();
      throw error;
    }
  }

  /** Takes a slot for `holder` (the call's id) or refuses with 429. */
  async acquire(tenantId: string, holder: string, limit: number): Promise<TenantSlot> {
    const key = keyOf(tenantId);
    const acquired = await this.store
      .acquireSlot(key, holder, limit, SLOT_TTL_MS)
      .catch((error: unknown) => {
        this.warn("acquire", error);
        return true;
      });
    if (!acquired) throw tenantLimitReached(limit);
    let renewal: ReturnType<typeof setInterval> | undefined;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearInterval(renewal);
      // A failed release is not fatal: the slot frees itself when its TTL runs out.
      this.store.releaseSlot(key, holder).catch((error: unknown) => this.warn("release", error));
    };
    return {
      holdUntil: (ended) => {
        if (released) return;
        renewal = setInterval(() => {
          this.store
            .acquireSlot(key, holder, limit, SLOT_TTL_MS)
            .catch((error: unknown) => this.warn("renew", error));
        }, RENEW_EVERY_MS);
        renewal.unref?.();
        void ended.finally(release);
      },
      release,
    };
  }

  private warn(step: string, error: unknown): void {
    this.log.warn("session store unreachable: tenant call caps are per machine", {
      step,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

const keyOf = (tenantId: string) => `slots:tenant:${tenantId}`;

/** The tenant's calls live or being set up on every machine. */
export const tenantCallsTaken = (store: SessionStore, tenantId: string) =>
  store.slotsTaken(keyOf(tenantId));
