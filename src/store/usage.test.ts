import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { utcMonthOf } from "./usage";

let api: TestApi;
let tenantId: string;
let agentId: string;
let key: string;

beforeEach(async () => {
  api = await startTestApi();
  const tenant = await api.tenantWithKey();
  tenantId = tenant.tenantId;
  key = tenant.key;
  agentId = (await api.call("POST", "/v1/agents", { key: tenant.key, body: { name: "Desk" } })).body
    .id;
});
afterEach(() => api.close());

const newCallId = () => `call_${crypto.randomUUID().replace(/-/g, "").slice(0, 23)}`;
const secondsAgo = (s: number) => new Date(Date.now() - s * 1000).toISOString();

async function answeredCall(opts: { talkedSeconds: number; receivedAt?: string }) {
  const id = newCallId();
  await api.stores.calls.create({
    id,
    tenantId,
    agentId,
    agentVersion: 1,
    channel: "web",
    direction: "inbound",
    remoteParty: "browser",
    machineId: "test-machine",
    ...(opts.receivedAt ? { receivedAt: opts.receivedAt } : {}),
  });
  await api.stores.calls.mark(id, "media_connected_at", secondsAgo(opts.talkedSeconds));
  return id;
}

const thisMonth = () => {
  const { start } = utcMonthOf(new Date());
  return {
    fromDay: start.toISOString().slice(0, 10),
    toDay: new Date().toISOString().slice(0, 10),
  };
};

describe("usage rows", () => {
  test("minutes used this month count live calls so far, and calls of other months not at all", async () => {
    await answeredCall({ talkedSeconds: 50 });
    const lastMonth = new Date(utcMonthOf(new Date()).start.getTime() - 3_600_000).toISOString();
    const old = await answeredCall({ talkedSeconds: 40, receivedAt: lastMonth });
    await api.stores.calls.end(old, { reason: "caller_hung_up", usage: {}, metrics: {} });
    const used = await api.stores.usage.secondsUsedInMonth(tenantId, new Date());
    expect(used).toBeGreaterThanOrEqual(50);
    expect(used).toBeLessThan(80);
  });

  test("a call ends once: a second end neither changes nor doubles its usage", async () => {
    const id = await answeredCall({ talkedSeconds: 9.5 });
    const usage = { inputTextTokens: 10, outputAudioTokens: 20 };
    await api.stores.calls.end(id, {
      reason: "caller_hung_up",
      usage,
      metrics: {},
      model: "gpt-realtime",
    });
    await api.stores.calls.end(id, {
      reason: "error",
      usage: { outputAudioTokens: 999 },
      metrics: {},
    });
    const { totals } = await api.stores.usage.report(tenantId, thisMonth());
    expect(totals).toMatchObject({ calls: 1, billableSeconds: 10, outputAudioTokens: 20 });
    expect(totals.costMicroUsd).toBe(10 * 4 + 20 * 64);
  });

  test("the usage row outlives the conversation's transcript and record", async () => {
    const id = await answeredCall({ talkedSeconds: 4.5 });
    await api.stores.calls.appendMessage(id, {
      seq: 1,
      role: "user",
      text: "hello",
      itemId: null,
      offsetMs: 0,
    });
    await api.stores.calls.end(id, { reason: "caller_hung_up", usage: {}, metrics: {} });
    await api.stores.db.batch(
      [
        { sql: "DELETE FROM call_messages WHERE call_id = ?", args: [id] },
        { sql: "DELETE FROM call_events WHERE call_id = ?", args: [id] },
        { sql: "DELETE FROM calls WHERE id = ?", args: [id] },
      ],
      "write",
    );
    const { totals } = await api.stores.usage.report(tenantId, thisMonth());
    expect(totals).toMatchObject({ calls: 1, billableSeconds: 5 });
    expect((await api.call("GET", `/v1/conversations/${id}`, { key })).status).toBe(404);
    const row = await api.call("GET", `/v1/conversations/${id}/usage`, { key });
    expect(row.body).toMatchObject({ callId: id, billableSeconds: 5 });
  });

  test("calls a crash left open get their usage row when the next start closes them", async () => {
    const id = await answeredCall({ talkedSeconds: 30, receivedAt: secondsAgo(31) });
    await api.stores.calls.heartbeat(id, secondsAgo(10));
    expect(await api.stores.calls.closeOrphans("test-machine")).toHaveLength(1);
    const { totals } = await api.stores.usage.report(tenantId, thisMonth());
    // Billed to the last sign of life, 10 s ago: about 20 s, no tokens and no cost guessed.
    expect(totals).toMatchObject({ calls: 1, inputTextTokens: 0, unpricedCalls: 1 });
    expect(totals.billableSeconds).toBeGreaterThanOrEqual(20);
    expect(totals.billableSeconds).toBeLessThanOrEqual(22);
  });
});
