import type { Logger } from "../log/logger";
import type { RetainedPart, RetentionStore } from "../store/retention";
import type { ConversationPart } from "./conversation-parts";

const DAY_MS = 86_400_000;
const RETAINED: readonly RetainedPart[] = ["transcript", "recording"];

export interface SweepResult {
  transcript: number;
  recording: number;
  /** Settled events out pruned, when the sweep prunes them. */
  events?: number;
}

/** Events out kept for `keepDays` after they were written, then pruned once settled. */
export interface EventPruning {
  prune(createdBefore: string): Promise<number>;
  keepDays: number;
}

/**
 * Erases, for each tenant with a retention limit, the transcripts and recordings of calls that
 * ended longer ago than the limit, and prunes settled events out past their keeping time. Works in batches of `batchSize` calls so that a tenant with
 * years of calls never holds one long write; each batch is marked once its parts are erased.
 */
export class RetentionSweeper {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<SweepResult> | null = null;

  constructor(
    private readonly deps: {
      retention: RetentionStore;
      parts: readonly ConversationPart[];
      log: Logger;
      batchSize?: number;
      events?: EventPruning;
    },
  ) {}

  /** One pass over every tenant; concurrent callers share the pass under way. */
  sweep(now: Date = new Date()): Promise<SweepResult> {
    this.running ??= this.sweepAll(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Sweeps every `intervalMs` until stopped, the first time after at most a minute: a machine
   * restarted more often than the interval (deploys) still sweeps. A failed pass is logged and
   * the next one tries again.
   */
  start(intervalMs: number): void {
    if (this.timer) return;
    const next = (delayMs: number) => {
      this.timer = setTimeout(async () => {
        await this.sweep().catch((error: unknown) =>
          this.deps.log.error("retention sweep failed", { error }),
        );
        if (this.timer) next(intervalMs);
      }, delayMs);
      this.timer.unref?.();
    };
    next(Math.min(intervalMs, 60_000));
  }

  /** Stops the timer and waits for a pass under way. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }

  private async sweepAll(now: Date): Promise<SweepResult> {
    const erased: SweepResult = { transcript: 0, recording: 0 };
    for (const part of RETAINED) {
      const parts = this.deps.parts.filter((p) => p.name === part);
      // Nothing can erase this part here: marking calls erased would be untrue.
      if (parts.length === 0) continue;
      for (const { tenantId, days } of await this.deps.retention.limited(part)) {
        const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
        // One tenant's failure (its storage unreachable, say) does not hold up the others.
        erased[part] += await this.sweepTenant(part, parts, tenantId, cutoff).catch(
          (error: unknown) => {
            this.deps.log.error("retention sweep failed for a tenant", { tenantId, part, error });
            return 0;
          },
        );
      }
    }
    const events = this.deps.events;
    if (events) {
      const cutoff = new Date(now.getTime() - events.keepDays * DAY_MS).toISOString();
      erased.events = await events.prune(cutoff).catch((error: unknown) => {
        this.deps.log.error("pruning events out failed", { error });
        return 0;
      });
    }
    if (erased.transcript + erased.recording + (erased.events ?? 0) > 0)
      this.deps.log.info("retention sweep erased content", { ...erased });
    return erased;
  }

  private async sweepTenant(
    part: RetainedPart,
    parts: readonly ConversationPart[],
    tenantId: string,
    cutoff: string,
  ): Promise<number> {
    const batchSize = this.deps.batchSize ?? 100;
    let total = 0;
    for (;;) {
      const calls = await this.deps.retention.due(part, tenantId, cutoff, batchSize);
      for (const p of parts) {
        if (p.eraseAll) await p.eraseAll(calls);
        else for (const call of calls) await p.erase(call);
      }
      await this.deps.retention.markErased(
        part,
        calls.map((call) => call.id),
      );
      total += calls.length;
      if (calls.length < batchSize) return total;
    }
  }
}
