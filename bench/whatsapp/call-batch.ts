// Runs a batch of inbound calls, a fixed number at a time, then reads back what the gateway
// stored for each once it has ended them. Bounded: every call has a time limit, and no new
// call starts after the batch's deadline.

import type { GatewayRest, StoredCall } from "./gateway-rest";
import { type AnswerOn, type CallTiming, runInboundCall, SilentCallError } from "./inbound-call";
import { LoopLag } from "./loop-lag";
import type { TimedGraphApi } from "./timed-graph-api";

export interface BatchPlan {
  label: string;
  calls: number;
  concurrency: number;
  holdMs: number;
  answerOn: AnswerOn;
  /** Longest wait for each step of a call (and for the agent to be heard). */
  timeoutMs: number;
  /** Calls made first and left out of the figures (JIT, first connections). */
  warmUpCalls: number;
}

export interface BatchContext {
  rest: GatewayRest;
  graph: TimedGraphApi;
  tenantKey: string;
  appSecret: string;
  log: (line: string) => void;
}

export interface BatchResult {
  plan: BatchPlan;
  timings: CallTiming[];
  /** What the gateway stored, by provider call id. */
  stored: Map<string, StoredCall>;
  /** Calls whose media connected but whose agent was never heard. */
  silentCalls: number;
  /** Calls that failed otherwise, with why. */
  failures: string[];
  wallSeconds: number;
  benchLoopLagP99Ms: number | null;
}

const BATCH_LIMIT_MS = 5 * 60_000;
let batchNumber = 0;

export async function runBatch(ctx: BatchContext, plan: BatchPlan): Promise<BatchResult> {
  batchNumber++;
  const call = (name: string) =>
    runInboundCall(ctx.rest, ctx.graph, {
      providerCallId: `wacid.bench${batchNumber}.${name}`,
      appSecret: ctx.appSecret,
      answerOn: plan.answerOn,
      holdMs: plan.holdMs,
      timeoutMs: plan.timeoutMs,
    });
  // A failed warm-up call shows again in the measured ones; it is not counted twice.
  for (let i = 0; i < plan.warmUpCalls; i++) await call(`warm${i}`).catch(() => null);

  const timings: CallTiming[] = [];
  const failures: string[] = [];
  let silentCalls = 0;
  const lag = new LoopLag();
  const started = performance.now();
  const deadline = started + BATCH_LIMIT_MS;
  let next = 0;
  const worker = async () => {
    while (next < plan.calls && performance.now() < deadline) {
      const index = next++;
      try {
        timings.push(await call(String(index)));
      } catch (error) {
        if (error instanceof SilentCallError) silentCalls++;
        else
          failures.push(`call ${index}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const done = timings.length + silentCalls + failures.length;
      if (done % 10 === 0) ctx.log(`  ${done}/${plan.calls} calls`);
    }
  };
  lag.start();
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  lag.stop();
  const wallSeconds = (performance.now() - started) / 1000;

  const ids = new Set(timings.map((t) => t.providerCallId));
  const stored = await storedWhenEnded(ctx, ids);
  return {
    plan,
    timings,
    stored,
    silentCalls,
    failures,
    wallSeconds,
    benchLoopLagP99Ms: lag.lateMs.percentile(99),
  };
}

/** The stored calls with these provider ids, once all have ended (their records final). */
async function storedWhenEnded(ctx: BatchContext, ids: Set<string>) {
  const deadline = performance.now() + 20_000;
  for (;;) {
    const found = new Map<string, StoredCall>();
    for (const call of await ctx.rest.calls(ctx.tenantKey))
      if (call.providerCallId && ids.has(call.providerCallId)) found.set(call.providerCallId, call);
    const allEnded = [...found.values()].every((c) => c.status === "ended");
    if ((found.size === ids.size && allEnded) || performance.now() > deadline) return found;
    await Bun.sleep(200);
  }
}
