import type { Logger } from "../../log/logger";
import type { SessionStore } from "../../session/session-store";
import type { EventReceipts } from "./line-event-router";
import type { LineScope } from "./whatsapp-calls";

/** Covers providers' redelivery of a webhook (hours, at most a day or two); the database keeps 30 days. */
const CLAIM_TTL_MS = 48 * 3_600_000;

/**
 * Webhook receipts claimed in the session store first: one atomic set-if-absent per event, so
 * when a provider delivers the same event to two machines at once exactly one acts on it, at
 * the store's speed rather than a write to a distant primary database.
 *
 * The database receipt stays as the durable record and the second judge: the store forgets (the
 * memory backend on restart, Redis after the TTL or a flush) and a late redelivery must still be
 * recognised; and when the store cannot be reached the database's unique key alone decides, as it
 * did before the store existed.
 */
export class SharedEventReceipts implements EventReceipts {
  constructor(
    private readonly store: SessionStore,
    private readonly durable: EventReceipts,
    private readonly log: Logger,
  ) {}

  async firstTime(scope: LineScope, key: string, windowMs?: number): Promise<boolean> {
    const claim = claimKey(scope, key);
    let claimed: boolean;
    try {
      claimed = await this.store.setIfAbsent(claim, "1", windowMs ?? CLAIM_TTL_MS);
    } catch (error) {
      this.log.warn("session store unreachable: webhook receipts judged by the database alone", {
        error: error instanceof Error ? error.message : String(error),
      });
      return this.durable.firstTime(scope, key, windowMs);
    }
    if (!claimed) return false;
    try {
      return await this.durable.firstTime(scope, key, windowMs);
    } catch (error) {
      // Not recorded: a redelivery must be free to act on the event.
      await this.store.delete(claim).catch(() => {});
      throw error;
    }
  }

  async seen(scope: LineScope, key: string): Promise<boolean> {
    const claimed = await this.store.get(claimKey(scope, key)).catch(() => null);
    return claimed !== null || this.durable.seen(scope, key);
  }
}

/** Per tenant and channel: one tenant's events can never mark another's as seen. */
const claimKey = (scope: LineScope, key: string) =>
  `receipt:${scope.tenantId}:${scope.channel}:${key}`;
