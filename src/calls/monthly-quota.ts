import type { CallChannel, CallDirection } from "../domain/call";
import { DomainError } from "../domain/errors";
import type { Tenant } from "../domain/tenant";
import type { CallService } from "./call-service";

/** Where the minutes a tenant used come from (the usage store). */
export interface MinutesUsed {
  /** Billable seconds of the tenant's calls in the UTC calendar month of `now`, live ones too. */
  secondsUsedInMonth(tenantId: string, now: Date): Promise<number>;
}

/** A call refused because its tenant used up the minutes its plan allows this month. */
export class QuotaExceeded extends DomainError {
  constructor(
    readonly tenantId: string,
    details: { monthlyMinutes: number; usedSeconds: number; month: string; resetsAt: string },
  ) {
    super(
      "quota_exceeded",
      `the tenant has used its ${details.monthlyMinutes} call minutes for ${details.month} ` +
        `(UTC calendar month); calls resume on ${details.resetsAt.slice(0, 10)} or when the plan's monthlyMinutes is raised`,
      details,
    );
  }
}

/** Declines a call before it is answered or placed when the tenant's monthly minutes are used up. */
export class MonthlyQuota {
  constructor(
    private readonly used: MinutesUsed,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async check(tenant: Pick<Tenant, "id" | "monthlyMinutes">): Promise<void> {
    if (tenant.monthlyMinutes === null) return;
    const now = this.now();
    const usedSeconds = await this.used.secondsUsedInMonth(tenant.id, now);
    if (usedSeconds < tenant.monthlyMinutes * 60) return;
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    throw new QuotaExceeded(tenant.id, {
      monthlyMinutes: tenant.monthlyMinutes,
      usedSeconds,
      month: now.toISOString().slice(0, 7),
      resetsAt: next.toISOString(),
    });
  }
}

/**
 * For a request refused with 402 because the tenant's minutes are used up: keeps a record of the
 * refused call (so the business sees it, and why) and rethrows with the record's id. A member of
 * the public (a call token's demo page) is told only that the agent takes no more calls this
 * month, not the business's plan. Any other error passes through unchanged.
 */
export async function keepQuotaRefusal(
  calls: Pick<CallService, "recordRefused">,
  error: unknown,
  attempt: { agentId: string; channel: CallChannel; direction: CallDirection; remoteParty: string },
  audience: "tenant" | "public" = "tenant",
): Promise<never> {
  if (!(error instanceof QuotaExceeded)) throw error;
  const callId = await calls.recordRefused({
    ...attempt,
    tenantId: error.tenantId,
    reason: error.message,
    endReason: "quota_exceeded",
  });
  if (audience === "public") {
    throw new DomainError("quota_exceeded", "this agent cannot take more calls this month");
  }
  throw new DomainError("quota_exceeded", error.message, {
    ...(error.details as Record<string, unknown>),
    callId,
  });
}
