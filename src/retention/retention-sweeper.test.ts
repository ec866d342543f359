import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { AfterCall, type EndedCall } from "../calls/after-call";
import { BackgroundTasks } from "../calls/background-tasks";
import { defaultAgentConfig } from "../domain/agent-config";
import { newId } from "../domain/ids";
import { memoryLogger } from "../log/logger";
import { openDb } from "../store/db";
import { outboxInsert } from "../store/event-outbox";
import { OutboxPruning } from "../store/outbox-pruning";
import { createStores, type Stores } from "../store/stores";
import { ConversationEraser } from "./conversation-eraser";
import type { CallRef, ConversationPart } from "./conversation-parts";
import { RetentionSweeper } from "./retention-sweeper";
import { transcriptPart } from "./transcript-part";

const DAY_MS = 86_400_000;
let stores: Stores;
let tenantId: string;
let agentId: string;

beforeEach(async () => {
  const key = crypto.getRandomValues(new Uint8Array(32));
  stores = await createStores(await openDb({ url: ":memory:" }), key);
  tenantId = (await stores.tenants.create({ name: "Acme" })).id;
  agentId = (
    await stores.agents.create(tenantId, {
      name: "Desk",
      description: "",
      draft: defaultAgentConfig(),
    })
  ).id;
});
afterEach(() => stores.db.close());

/** A stored part of another kind (recordings, analyses): it remembers which calls it erased. */
function partKeeping(name: ConversationPart["name"]) {
  const erased: string[] = [];
  const part: ConversationPart = {
    name,
    async erase(call: CallRef) {
      expect(call.tenantId).toBe(tenantId);
      erased.push(call.id);
    },
  };
  return { part, erased };
}

async function endedCall(daysAgo: number): Promise<string> {
  const id = newId("call");
  await stores.calls.create({
    id,
    tenantId,
    agentId,
    agentVersion: 1,
    channel: "web",
    direction: "inbound",
    remoteParty: "browser",
    machineId: "m1",
  });
  await stores.calls.appendMessage(id, {
    seq: 1,
    role: "user",
    text: "hello",
    itemId: null,
    offsetMs: 0,
  });
  await stores.calls.end(id, { reason: "caller_hung_up", usage: {}, metrics: {} });
  await stores.db.execute({
    sql: "UPDATE calls SET ended_at = ? WHERE id = ?",
    args: [new Date(Date.now() - daysAgo * DAY_MS).toISOString(), id],
  });
  return id;
}

describe("RetentionSweeper", () => {
  test("works through every due call in small batches, each part on its own period", async () => {
    const recording = partKeeping("recording");
    const analysis = partKeeping("analysis");
    const sweeper = new RetentionSweeper({
      retention: stores.retention,
      parts: [transcriptPart(stores.db), recording.part, analysis.part],
      log: memoryLogger("error").logger,
      batchSize: 2,
    });
    await stores.retention.set(tenantId, { recordingDays: 7, transcriptDays: 30 });
    const ages = [3, 8, 9, 10, 31, 32, 60];
    const calls = new Map<number, string>();
    for (const age of ages) calls.set(age, await endedCall(age));
    const olderThan = (days: number) => ages.filter((a) => a > days).map((a) => calls.get(a));

    expect(await sweeper.sweep()).toEqual({ transcript: 3, recording: 6 });
    expect(recording.erased.sort()).toEqual(olderThan(7).sort() as string[]);
    // Retention never touches the analysis; only a deletion does.
    expect(analysis.erased).toEqual([]);
    const withLines = await stores.db.execute(
      "SELECT DISTINCT call_id FROM call_messages ORDER BY call_id",
    );
    expect(withLines.rows.map((r) => r.call_id)).toEqual(
      ages.filter((a) => a <= 30).map((a) => calls.get(a)),
    );

    // Nothing is erased twice.
    expect(await sweeper.sweep()).toEqual({ transcript: 0, recording: 0 });
    expect(recording.erased).toHaveLength(6);
  });

  test("without a part that can erase recordings, none is marked erased", async () => {
    const sweeper = new RetentionSweeper({
      retention: stores.retention,
      parts: [transcriptPart(stores.db)],
      log: memoryLogger("error").logger,
    });
    await stores.retention.set(tenantId, { recordingDays: 1, transcriptDays: null });
    const id = await endedCall(5);
    expect(await sweeper.sweep()).toEqual({ transcript: 0, recording: 0 });
    expect((await stores.calls.get(null, id)).recordingErasedAt).toBeNull();
    expect(await stores.calls.messages(id)).toHaveLength(1);
  });
});

describe("RetentionSweeper failures", () => {
  test("a tenant whose part fails is logged and skipped; the others are swept", async () => {
    const broken = (await stores.tenants.create({ name: "Broken" })).id;
    const brokenAgent = await stores.agents.create(broken, {
      name: "Desk",
      description: "",
      draft: defaultAgentConfig(),
    });
    const { logger, lines } = memoryLogger("error");
    const failing: ConversationPart = {
      name: "recording",
      async erase(call) {
        if (call.tenantId === broken) throw new Error("bucket unreachable");
      },
    };
    const sweeper = new RetentionSweeper({
      retention: stores.retention,
      parts: [failing],
      log: logger,
    });
    await stores.retention.set(broken, { recordingDays: 1, transcriptDays: null });
    await stores.retention.set(tenantId, { recordingDays: 1, transcriptDays: null });
    const theirs = newId("call");
    await stores.calls.create({
      id: theirs,
      tenantId: broken,
      agentId: brokenAgent.id,
      agentVersion: 1,
      channel: "web",
      direction: "inbound",
      remoteParty: "browser",
      machineId: "m1",
    });
    await stores.calls.end(theirs, { reason: "caller_hung_up", usage: {}, metrics: {} });
    await stores.db.execute({
      sql: "UPDATE calls SET ended_at = ? WHERE id = ?",
      args: [new Date(Date.now() - 5 * DAY_MS).toISOString(), theirs],
    });
    const ours = await endedCall(5);

    expect(await sweeper.sweep()).toEqual({ transcript: 0, recording: 1 });
    expect((await stores.calls.get(null, ours)).recordingErasedAt).not.toBeNull();
    expect((await stores.calls.get(null, theirs)).recordingErasedAt).toBeNull();
    expect(lines.join("\n")).toContain("retention sweep failed for a tenant");
  });
});

describe("RetentionSweeper.start", () => {
  test("sweeps on its own, again and again, until stopped", async () => {
    const sweeper = new RetentionSweeper({
      retention: stores.retention,
      parts: [transcriptPart(stores.db)],
      log: memoryLogger("error").logger,
    });
    await stores.retention.set(tenantId, { recordingDays: null, transcriptDays: 1 });
    const first = await endedCall(2);
    sweeper.start(20);
    await eventuallyAsync(async () => (await stores.calls.messages(first)).length === 0);
    const second = await endedCall(3);
    await eventuallyAsync(async () => (await stores.calls.messages(second)).length === 0);
    await sweeper.stop();
    const third = await endedCall(3);
    await Bun.sleep(100);
    expect(await stores.calls.messages(third)).toHaveLength(1);
  });
});

/** Polls an async check until it holds (or fails after five seconds). */
async function eventuallyAsync(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the sweep");
    await Bun.sleep(10);
  }
}

describe("ConversationEraser", () => {
  test("erases every part of the call, then marks it deleted", async () => {
    const recording = partKeeping("recording");
    const analysis = partKeeping("analysis");
    const eraser = new ConversationEraser(stores.calls, stores.retention, [
      transcriptPart(stores.db),
      recording.part,
      analysis.part,
    ]);
    const id = await endedCall(1);
    const kept = await endedCall(1);
    await eraser.delete(tenantId, id);
    expect([recording.erased, analysis.erased]).toEqual([[id], [id]]);
    expect(await stores.calls.messages(id)).toEqual([]);
    expect(await stores.calls.messages(kept)).toHaveLength(1);
    expect((await stores.calls.get(null, id)).deletedAt).not.toBeNull();
  });

  test("deleting waits for the call's after-call work, which then skips what is left", async () => {
    const id = await endedCall(1);
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const ran: string[] = [];
    const steps = ["transcript", "recording", "analysis"].map((name) => ({
      name,
      async run() {
        ran.push(name);
        if (name === "transcript") await gate;
      },
    }));
    const log = memoryLogger("error").logger;
    const background = new BackgroundTasks(() => {});
    const afterCall = new AfterCall(steps, background, log, undefined, async (callId) => {
      return (await stores.calls.get(null, callId)).deletedAt === null;
    });
    const eraser = new ConversationEraser(
      stores.calls,
      stores.retention,
      [transcriptPart(stores.db)],
      (callId) => afterCall.finishing(callId),
    );
    afterCall.callEnded({ id, tenantId } as EndedCall);
    await expect(eraser.delete(tenantId, id)).rejects.toThrow("still being finished");
    expect((await stores.calls.get(null, id)).deletedAt).toBeNull();
    expect(await stores.calls.messages(id)).toHaveLength(1);
    openGate();
    await background.idle();
    expect(ran).toEqual(["transcript", "recording", "analysis"]);
    await eraser.delete(tenantId, id);

    // A call deleted before its steps run gets none of them.
    ran.length = 0;
    afterCall.callEnded({ id, tenantId } as EndedCall);
    await background.idle();
    expect(ran).toEqual([]);
  });

  test("a part that fails leaves the call unmarked, so deleting again finishes", async () => {
    let failing = true;
    const flaky: ConversationPart = {
      name: "recording",
      async erase() {
        if (failing) throw new Error("blob store unavailable");
      },
    };
    const eraser = new ConversationEraser(stores.calls, stores.retention, [
      transcriptPart(stores.db),
      flaky,
    ]);
    const id = await endedCall(1);
    await expect(eraser.delete(tenantId, id)).rejects.toThrow("blob store unavailable");
    expect((await stores.calls.get(null, id)).deletedAt).toBeNull();
    failing = false;
    await eraser.delete(tenantId, id);
    expect((await stores.calls.get(null, id)).deletedAt).not.toBeNull();
  });
});

describe("RetentionSweeper and events out", () => {
  test("the sweep also prunes events out past their keeping time once fanned out", async () => {
    const at = new Date(Date.now() - 31 * DAY_MS).toISOString();
    const event = { tenantId, type: "call.started" as const, callId: "call_x", data: {} };
    await stores.db.execute(outboxInsert(event, at));
    await stores.db.execute(outboxInsert(event));
    const pruning = new OutboxPruning(stores.db, false);
    const sweeper = new RetentionSweeper({
      retention: stores.retention,
      parts: [transcriptPart(stores.db)],
      log: memoryLogger("error").logger,
      events: { prune: (before) => pruning.prune(before), keepDays: 30 },
    });
    const events = async () =>
      Number((await stores.db.execute("SELECT COUNT(*) AS n FROM event_outbox")).rows[0]?.n);
    // Not yet fanned out: kept, whatever its age.
    expect((await sweeper.sweep()).events).toBe(0);
    await stores.webhookDeliveries.fanOut(Date.now());
    expect((await sweeper.sweep()).events).toBe(1);
    expect(await events()).toBe(1);
  });
});
