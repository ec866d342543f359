import { DomainError } from "../domain/errors";
import type { CallRegistry } from "./call-registry";

/**
 * Concurrent-call limits that hold while calls are still being set up: a call takes its slot
 * before the model and media open (which takes a while), so a burst of requests cannot all pass
 * the check before any of them is counted.
 */
export class CallSlots {
  private readonly settingUp = new Map<string, number>();
  private settingUpTotal = 0;
  /** Set once the machine drains for shutdown: no call starts after it. */
  private closed = false;

  constructor(
    private readonly registry: CallRegistry,
    /** Calls this machine takes at most, live and being set up. */
    private readonly machineLimit: number,
  ) {}

  get draining(): boolean {
    return this.closed;
  }

  /** Every slot of the machine is taken (live calls and calls being set up). */
  get full(): boolean {
    return this.registry.size + this.settingUpTotal >= this.machineLimit;
  }

  /** Calls that took a slot and are still opening their model and media. */
  get opening(): number {
    return this.settingUpTotal;
  }

  /** From now on every new call is refused with `draining` (503); live calls go on. */
  close(): void {
    this.closed = true;
  }

  /** Refuses, as take() would, when no slot is free; takes nothing. */
  check(tenantId: string, tenantLimit: number): void {
    if (this.closed) {
      throw new DomainError(
        "draining",
        "this gateway is shutting down and takes no new calls; try again shortly",
      );
    }
    const tenantCalls = this.registry.countFor(tenantId) + (this.settingUp.get(tenantId) ?? 0);
    if (tenantCalls >= tenantLimit) {
      throw new DomainError(
        "rate_limited",
        `tenant is at its limit of ${tenantLimit} concurrent calls`,
        { limit: tenantLimit },
      );
    }
    if (this.full) {
      throw new DomainError(
        "at_capacity",
        `this gateway carries its limit of ${this.machineLimit} calls; try again shortly`,
        { limit: this.machineLimit },
      );
    }
  }

  /** Takes a slot or refuses; the returned function gives it back (once the call is live or failed). */
  take(tenantId: string, tenantLimit: number): () => void {
    this.check(tenantId, tenantLimit);
    this.settingUp.set(tenantId, (this.settingUp.get(tenantId) ?? 0) + 1);
    this.settingUpTotal++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.settingUpTotal--;
      const left = (this.settingUp.get(tenantId) ?? 1) - 1;
      if (left > 0) this.settingUp.set(tenantId, left);
      else this.settingUp.delete(tenantId);
    };
  }
}
