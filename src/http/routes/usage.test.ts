import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { callerRecording } from "../../../test/caller-audio";
import { CallerPeer } from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { type ModelSimulator, startModelSimulator } from "../../models/simulator/server";

let sim: ModelSimulator;
let api: TestApi;
let tenant: { tenantId: string; key: string };
const callers: CallerPeer[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  api = await startTestApi({ modelBaseUrl: sim.url });
  tenant = await api.tenantWithKey();
});
afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api.close();
});

async function publishedAgent(name: string, key = tenant.key): Promise<string> {
  const agent = await api.call("POST", "/v1/agents", { key, body: { name } });
  await api.call("POST", `/v1/agents/${agent.body.id}/publish`, { key });
  return agent.body.id;
}

const dayOf = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);
const DAY = 86_400_000;

/**
 * A call that started `daysAgo` days ago and was answered `talkSeconds` before it ended now,
 * ended through the call store as a live call ends.
 */
async function endedCall(opts: {
  agentId: string;
  channel: "web" | "whatsapp_cloud";
  daysAgo: number;
  talkSeconds: number;
  usage: Record<string, number>;
  model?: string;
}): Promise<string> {
  const id = `call_${crypto.randomUUID().replace(/-/g, "").slice(0, 23)}`;
  await api.stores.calls.create({
    id,
    tenantId: tenant.tenantId,
    agentId: opts.agentId,
    agentVersion: 1,
    channel: opts.channel,
    direction: "inbound",
    remoteParty: "browser",
    machineId: "test-machine",
    receivedAt: new Date(Date.now() - opts.daysAgo * DAY).toISOString(),
  });
  const answeredAt = new Date(Date.now() - opts.talkSeconds * 1000).toISOString();
  await api.stores.calls.mark(id, "answered_at", answeredAt);
  await api.stores.calls.end(id, {
    reason: "caller_hung_up",
    usage: opts.usage,
    metrics: {},
    model: opts.model ?? "gpt-realtime",
  });
  return id;
}

describe("usage of a call", () => {
  test("a simulated call leaves a usage row whose tokens match the model's and whose cost follows the price table", async () => {
    const agentId = await publishedAgent("Desk");
    const caller = new CallerPeer();
    callers.push(caller);
    const res = await api.call("POST", "/v1/calls/web", {
      key: tenant.key,
      body: { agentId, sdp: await caller.offer() },
    });
    expect(res.status).toBe(201);
    const callId = res.body.callId;
    await caller.answer(res.body.sdp);
    await eventually("the greeting to be heard", () => caller.audibleMs() > 800, 10_000);
    caller.play(callerRecording("en-hours.wav"));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const c = await api.call("GET", `/v1/conversations/${callId}`, { key: tenant.key });
      if (c.body.messages.length >= 3) break;
      if (Date.now() > deadline) throw new Error("the caller's turn was not answered");
      await Bun.sleep(100);
    }
    await api.call("DELETE", `/v1/calls/${callId}`, { key: tenant.key });

    const record = (await api.call("GET", `/v1/conversations/${callId}`, { key: tenant.key })).body;
    const leg = record.usage;
    expect(leg.cachedInputTokens).toBeGreaterThan(0);

    const report = await api.call("GET", "/v1/usage?groupBy=agent", { key: tenant.key });
    expect(report.status).toBe(200);
    const totals = report.body.totals;
    expect(totals).toMatchObject({
      calls: 1,
      inputTextTokens: leg.inputTextTokens,
      inputAudioTokens: leg.inputAudioTokens,
      cachedInputTokens: leg.cachedInputTokens,
      outputTextTokens: leg.outputTextTokens,
      outputAudioTokens: leg.outputAudioTokens,
      unpricedCalls: 0,
    });
    // Cached tokens are part of the input, so input + output is the leg's total, counted once.
    expect(
      totals.inputTextTokens +
        totals.inputAudioTokens +
        totals.outputTextTokens +
        totals.outputAudioTokens,
    ).toBe(leg.totalTokens);
    // gpt-realtime's list prices (USD per million tokens = micro-dollars per token).
    const expected =
      (leg.inputTextTokens - leg.cachedInputTextTokens) * 4 +
      leg.cachedInputTextTokens * 0.4 +
      leg.outputTextTokens * 16 +
      (leg.inputAudioTokens - leg.cachedInputAudioTokens) * 32 +
      leg.cachedInputAudioTokens * 0.4 +
      leg.outputAudioTokens * 64;
    expect(totals.costMicroUsd).toBe(Math.round(expected));
    expect(totals.costUsd).toBeCloseTo(expected / 1e6, 6);
    // Billed from answer to end, rounded up to the second: never less than the call lasted.
    const heardFrom = [record.answeredAt, record.mediaConnectedAt].filter((t) => t !== null);
    const talkedMs = Date.parse(record.endedAt) - Math.min(...heardFrom.map(Date.parse));
    expect(talkedMs).toBeGreaterThan(0);
    expect(totals.billableSeconds).toBe(Math.ceil(talkedMs / 1000));
    expect(report.body.groups).toEqual([{ key: agentId, ...totals }]);

    const row = await api.call("GET", `/v1/conversations/${callId}/usage`, { key: tenant.key });
    expect(row.body).toMatchObject({
      callId,
      agentId,
      channel: "web",
      direction: "inbound",
      model: "gpt-realtime",
      billableSeconds: totals.billableSeconds,
      cachedInputTextTokens: leg.cachedInputTextTokens,
      cachedInputAudioTokens: leg.cachedInputAudioTokens,
      costMicroUsd: totals.costMicroUsd,
    });
    const other = await api.tenantWithKey("Other Clinic");
    const prying = await api.call("GET", `/v1/conversations/${callId}/usage`, { key: other.key });
    expect(prying.status).toBe(404);
  }, 40_000);
});

const TOKENS = {
  inputTextTokens: 1000,
  inputAudioTokens: 2000,
  cachedInputTextTokens: 500,
  cachedInputAudioTokens: 1000,
  outputTextTokens: 100,
  outputAudioTokens: 400,
};
/** TOKENS at gpt-realtime-mini's list prices, in micro-dollars. */
const MINI_COST = 500 * 0.6 + 500 * 0.06 + 100 * 2.4 + 1000 * 10 + 1000 * 0.3 + 400 * 20;

describe("GET /v1/usage", () => {
  test("totals and groups by day, agent and channel, over the days asked for", async () => {
    const desk = await publishedAgent("Desk");
    const sales = await publishedAgent("Sales");
    const mini = { usage: TOKENS, model: "gpt-realtime-mini" };
    await endedCall({ agentId: desk, channel: "web", daysAgo: 2, talkSeconds: 29.5, ...mini });
    await endedCall({
      agentId: desk,
      channel: "whatsapp_cloud",
      daysAgo: 1,
      talkSeconds: 60.5,
      ...mini,
    });
    await endedCall({ agentId: sales, channel: "web", daysAgo: 1, talkSeconds: 9.2, ...mini });
    // A model the price table does not know: its tokens count, its cost is not guessed.
    await endedCall({
      agentId: sales,
      channel: "web",
      daysAgo: 0,
      talkSeconds: 4.5,
      usage: TOKENS,
      model: "mystery-voice",
    });
    // Before the range asked for.
    await endedCall({ agentId: desk, channel: "web", daysAgo: 5, talkSeconds: 99.5, ...mini });

    const range = `from=${dayOf(2 * DAY)}&to=${dayOf(0)}`;
    const get = (groupBy: string) =>
      api.call("GET", `/v1/usage?${range}&groupBy=${groupBy}`, { key: tenant.key });
    const byDay = await get("day");
    expect(byDay.status).toBe(200);
    expect(byDay.body.totals).toMatchObject({
      calls: 4,
      billableSeconds: 30 + 61 + 10 + 5,
      inputTextTokens: 4000,
      cachedInputTokens: 6000,
      costMicroUsd: Math.round(MINI_COST) * 3,
      unpricedCalls: 1,
    });
    expect(
      byDay.body.groups.map((g: { key: string; calls: number; billableSeconds: number }) => [
        g.key,
        g.calls,
        g.billableSeconds,
      ]),
    ).toEqual([
      [dayOf(2 * DAY), 1, 30],
      [dayOf(DAY), 2, 71],
      [dayOf(0), 1, 5],
    ]);
    const byAgent = (await get("agent")).body.groups;
    expect(
      Object.fromEntries(byAgent.map((g: { key: string; calls: number }) => [g.key, g.calls])),
    ).toEqual({ [desk]: 2, [sales]: 2 });
    const byChannel = (await get("channel")).body.groups;
    expect(
      byChannel.map((g: { key: string; billableSeconds: number }) => [g.key, g.billableSeconds]),
    ).toEqual([
      ["web", 45],
      ["whatsapp_cloud", 61],
    ]);
    const ungrouped = await api.call("GET", `/v1/usage?${range}`, { key: tenant.key });
    expect(ungrouped.body).toMatchObject({ groupBy: null, groups: [], currency: "USD" });
    expect(ungrouped.body.totals).toEqual(byDay.body.totals);
  });

  test("the admin names the tenant; a tenant key reads only its own usage", async () => {
    const agentId = await publishedAgent("Desk");
    await endedCall({ agentId, channel: "web", daysAgo: 0, talkSeconds: 19.5, usage: TOKENS });
    const other = await api.tenantWithKey("Other Clinic");

    const asAdmin = await api.call("GET", `/v1/usage?tenantId=${tenant.tenantId}`);
    expect(asAdmin.body.totals).toMatchObject({ calls: 1, billableSeconds: 20 });
    const adminUnnamed = await api.call("GET", "/v1/usage");
    expect(adminUnnamed.status).toBe(400);
    expect(adminUnnamed.body.error.message).toContain("query.tenantId");

    const prying = await api.call("GET", `/v1/usage?tenantId=${tenant.tenantId}`, {
      key: other.key,
    });
    expect(prying.status).toBe(404);
    const own = await api.call("GET", "/v1/usage", { key: other.key });
    expect(own.body).toMatchObject({
      tenantId: other.tenantId,
      totals: { calls: 0, costMicroUsd: 0 },
    });
    const token = await api.call("POST", `/v1/agents/${agentId}/call-tokens`, {
      key: tenant.key,
      body: {},
    });
    const byToken = await api.call("GET", "/v1/usage", { key: token.body.token });
    expect(byToken.status).toBe(403);
  });

  test("bad dates and ranges are refused with a 400 naming the field", async () => {
    const cases: Array<[string, string]> = [
      ["from=2026-02-30", "query.from"],
      ["from=yesterday", "query.from"],
      ["to=2026-13-01", "query.to"],
      ["from=2026-03-10&to=2026-03-09", "query.to"],
      ["from=2024-01-01&to=2026-01-01", "query.to"],
      ["from=2999-01-01", "query.from"],
      ["groupBy=week", "query.groupBy"],
      ["tenantId=ten_nope", "query.tenantId"],
    ];
    for (const [query, field] of cases) {
      const res = await api.call("GET", `/v1/usage?${query}`, { key: tenant.key });
      expect(res.status, query).toBe(400);
      expect(res.body.error.message, query).toContain(field);
    }
  });
});
