import { conflict } from "../../domain/errors";
import type { Logger } from "../../log/logger";
import type { SessionStore } from "../../session/session-store";

/**
 * The claim only has to cover the moments until the call's record is written (the record, with
 * its unique key, answers every later retry); short, so a machine that dies in between blocks the
 * key for a minute, not a day.
 */
const CLAIM_TTL_MS = 60_000;
/** How long a second request waits for the first one's call record before answering 409. */
const WAIT_FOR_FIRST_MS = 2_000;
const POLL_MS = 50;

/**
 * Outbound calls' Idempotency-Keys claimed across machines: `idem:<tenant>:<key>` is set only if
 * absent, before the call is placed, so when a client's retry reaches another machine while the
 * first request is still being handled exactly one of them places the call.
 *
 * When the store cannot be reached the request goes ahead, with a warning: the calls table's
 * unique (tenant, key) index still lets one request create the call, and refusing every outbound
 * call because a cache is down would be the worse failure for a business.
 */
export class IdempotencyClaims {
  constructor(
    private readonly store: SessionStore,
    private readonly log: Logger,
  ) {}

  /** True when this request (placing `callId`) holds the key now. */
  async claim(tenantId: string, key: string, callId: string): Promise<boolean> {
    try {
      return await this.store.setIfAbsent(claimKey(tenantId, key), callId, CLAIM_TTL_MS);
    } catch (error) {
      this.log.warn("session store unreachable: idempotency judged by the database alone", {
        error: error instanceof Error ? error.message : String(error),
      });
      return true;
    }
  }

  /** Frees the key when the call was never recorded, so the client may retry with it. */
  async release(tenantId: string, key: string, callId: string): Promise<void> {
    await this.store.compareAndDelete(claimKey(tenantId, key), callId).catch(() => {});
  }

  /**
   * The call another request placed with this key, once its record can be read; a 409 when it is
   * still being placed after a short wait (the client retries and then gets the call).
   */
  async placedElsewhere<T>(find: () => Promise<T | null>): Promise<T> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const found = await find();
      if (found) return found;
      if (Date.now() >= deadline)
        throw conflict(
          "a call with this Idempotency-Key is still being placed by an earlier request; retry shortly to get it",
          { retryAfterSeconds: 1 },
        );
      await Bun.sleep(POLL_MS);
    }
  }
}

/** Per tenant: one tenant's key never names another's call. */
const claimKey = (tenantId: string, key: string) => `idem:${tenantId}:${key}`;
