import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { CallerPeer, createCallerPeer, type CallerPeer as Peer } from "../../../test/caller-peer";
import { FakeGraphApi } from "../../../test/fake-graph-api";
import {
  APP_SECRET,
  connectBody,
  metaLine,
  permissionReplyBody,
  postWebhook,
} from "../../../test/whatsapp-line";
import { type ModelSimulator, startModelSimulator } from "../../models/simulator/server";

const CALLEE = "919800000002";
let sim: ModelSimulator;
let graph: FakeGraphApi;
let api: TestApi;
const callers: Peer[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  graph = new FakeGraphApi();
  api = await startTestApi({
    modelBaseUrl: sim.url,
    graphUrl: graph.url,
    whatsappAppSecret: APP_SECRET,
  });
});
afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api.close();
  graph.stop();
});

/** The operator sets the tenant's monthly minutes (the admin key is the harness's default). */
const setMonthlyMinutes = (tenantId: string, monthlyMinutes: number | null) =>
  api.call("PATCH", `/v1/tenants/${tenantId}`, { body: { monthlyMinutes } });

/** A call of this tenant's that talked `seconds` (plus a little) and ended just now. */
async function pastCall(tenantId: string, agentId: string, seconds: number): Promise<void> {
  const id = `call_${crypto.randomUUID().replace(/-/g, "").slice(0, 23)}`;
  await api.stores.calls.create({
    id,
    tenantId,
    agentId,
    agentVersion: 1,
    channel: "web",
    direction: "inbound",
    remoteParty: "browser",
    machineId: "test-machine",
  });
  await api.stores.calls.mark(
    id,
    "answered_at",
    new Date(Date.now() - seconds * 1000).toISOString(),
  );
  await api.stores.calls.end(id, { reason: "caller_hung_up", usage: {}, metrics: {} });
}

async function browserCall(key: string, agentId: string, version?: "draft") {
  const caller = new CallerPeer();
  callers.push(caller);
  return api.call("POST", "/v1/calls/web", {
    key,
    body: { agentId, sdp: await caller.offer(), ...(version ? { version } : {}) },
  });
}

const conversation = async (key: string, callId: string) =>
  (await api.call("GET", `/v1/conversations/${callId}`, { key })).body;

describe("monthly minutes", () => {
  test("a browser call over the tenant's minutes gets 402 quota_exceeded, and the refusal is kept", async () => {
    const { tenantId, key } = await api.tenantWithKey();
    const agent = await api.call("POST", "/v1/agents", { key, body: { name: "Desk" } });
    const agentId = agent.body.id;
    await api.call("POST", `/v1/agents/${agentId}/publish`, { key });
    // A tenant key cannot raise its own plan.
    const selfRaise = await api.call("PATCH", `/v1/tenants/${tenantId}`, {
      key,
      body: { monthlyMinutes: 1000 },
    });
    expect(selfRaise.status).toBe(403);
    expect((await setMonthlyMinutes(tenantId, 1)).body.monthlyMinutes).toBe(1);

    await pastCall(tenantId, agentId, 30.5);
    const within = await browserCall(key, agentId);
    expect(within.status).toBe(201);
    await api.call("DELETE", `/v1/calls/${within.body.callId}`, { key });

    await pastCall(tenantId, agentId, 30.5);
    const over = await browserCall(key, agentId);
    expect(over.status).toBe(402);
    expect(over.body.error.code).toBe("quota_exceeded");
    expect(over.body.error.message).toContain("used its 1 call minutes");
    expect(over.body.error.message).toContain("UTC");
    expect(over.body.error.details).toMatchObject({
      monthlyMinutes: 1,
      month: new Date().toISOString().slice(0, 7),
    });
    expect(over.body.error.details.usedSeconds).toBeGreaterThanOrEqual(62);
    const refused = await conversation(key, over.body.error.details.callId);
    expect(refused).toMatchObject({ status: "ended", endReason: "quota_exceeded", channel: "web" });
    expect(refused.events[0]).toMatchObject({ kind: "refused" });
    expect(refused.events[0].detail.reason).toContain("call minutes");
    // A test call on the draft uses minutes too.
    expect((await browserCall(key, agentId, "draft")).status).toBe(402);
    // A public page's visitor is declined without being told the business's plan.
    const token = await api.call("POST", `/v1/agents/${agentId}/call-tokens`, { key, body: {} });
    const visitor = await browserCall(token.body.token, agentId);
    expect(visitor.status).toBe(402);
    expect(visitor.body.error).toMatchObject({
      code: "quota_exceeded",
      message: "this agent cannot take more calls this month",
    });
    expect(visitor.body.error.details).toBeUndefined();

    const plan = await api.call("GET", `/v1/tenants/${tenantId}/plan`, { key });
    expect(plan.body).toMatchObject({ monthlyMinutes: 1, remainingSeconds: 0, liveCalls: 0 });
    expect(plan.body.usedSeconds).toBeGreaterThanOrEqual(62);

    // The operator lifts the limit: calls are taken again.
    await setMonthlyMinutes(tenantId, null);
    expect((await browserCall(key, agentId)).status).toBe(201);
  }, 30_000);

  test("a tenant reads its own plan, not another's", async () => {
    const a = await api.tenantWithKey("A");
    const b = await api.tenantWithKey("B");
    await api.call("PATCH", `/v1/tenants/${a.tenantId}`, {
      body: { plan: "starter", monthlyMinutes: 500, maxConcurrentCalls: 2 },
    });
    const own = await api.call("GET", `/v1/tenants/${a.tenantId}/plan`, { key: a.key });
    expect(own.body).toMatchObject({
      tenantId: a.tenantId,
      plan: "starter",
      monthlyMinutes: 500,
      maxConcurrentCalls: 2,
      concurrentCallLimit: 2,
      usedSeconds: 0,
      remainingSeconds: 30_000,
    });
    expect(own.body.resetsAt).toMatch(/^\d{4}-\d{2}-01T00:00:00\.000Z$/);
    expect((await api.call("GET", `/v1/tenants/${a.tenantId}/plan`, { key: b.key })).status).toBe(
      404,
    );
    const unlimited = await api.call("GET", `/v1/tenants/${b.tenantId}/plan`, { key: b.key });
    expect(unlimited.body).toMatchObject({
      monthlyMinutes: null,
      remainingSeconds: null,
      concurrentCallLimit: 50,
    });
    const negative = await api.call("PATCH", `/v1/tenants/${a.tenantId}`, {
      body: { monthlyMinutes: -5 },
    });
    expect(negative.status).toBe(400);
    expect(negative.body.error.message).toContain("body.monthlyMinutes");
  });

  test("an outbound call over the minutes gets 402 and nothing is sent to WhatsApp", async () => {
    const line = await metaLine(api, graph.accessToken);
    await setMonthlyMinutes(line.tenantId, 0);
    const placed = await api.call("POST", "/v1/calls", {
      key: line.key,
      body: { agentId: line.agentId, channel: "whatsapp", to: `+${CALLEE}` },
      headers: { "idempotency-key": "order-1" },
    });
    expect(placed.status).toBe(402);
    expect(placed.body.error.code).toBe("quota_exceeded");
    expect(graph.requests.filter((r) => /calls|call_permissions|messages/.test(r.path))).toEqual(
      [],
    );
    const refused = await conversation(line.key, placed.body.error.details.callId);
    expect(refused).toMatchObject({
      direction: "outbound",
      channel: "whatsapp_cloud",
      endReason: "quota_exceeded",
      remoteParty: "••••0002",
    });
  });

  test("an outbound call placed before the minutes ran out is still returned for its idempotency key", async () => {
    const line = await metaLine(api, graph.accessToken);
    const place = () =>
      api.call("POST", "/v1/calls", {
        key: line.key,
        body: { agentId: line.agentId, channel: "whatsapp", to: `+${CALLEE}` },
        headers: { "idempotency-key": "order-3" },
      });
    const first = await place();
    expect(first.status).toBe(202);
    await setMonthlyMinutes(line.tenantId, 0);
    const again = await place();
    expect(again.status).toBe(200);
    expect(again.body.callId).toBe(first.body.callId);
  });

  test("an outbound call waiting for permission does not ring once the minutes are used up", async () => {
    const line = await metaLine(api, graph.accessToken);
    const placed = await api.call("POST", "/v1/calls", {
      key: line.key,
      body: { agentId: line.agentId, channel: "whatsapp", to: `+${CALLEE}` },
      headers: { "idempotency-key": "order-2" },
    });
    expect(placed.body.status).toBe("waiting_permission");
    await setMonthlyMinutes(line.tenantId, 0);
    graph.setPermission(CALLEE, {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    expect((await postWebhook(api, permissionReplyBody(CALLEE, "accept"))).status).toBe(200);
    await api.background.idle();
    expect(graph.callActions("connect")).toHaveLength(0);
    const call = await conversation(line.key, placed.body.callId);
    expect(call).toMatchObject({ status: "ended", endReason: "quota_exceeded" });
    expect(call.events.at(-1).detail.reason).toContain("call minutes");
  });

  test("an inbound WhatsApp call over the minutes is rejected through WhatsApp, the reason kept", async () => {
    const line = await metaLine(api, graph.accessToken);
    await setMonthlyMinutes(line.tenantId, 0);
    const caller = await createCallerPeer({ whatsappStyle: true });
    callers.push(caller);
    await postWebhook(api, connectBody("wacid.overquota", caller.offerSdp));
    await api.background.idle();
    expect(graph.callActions().map((r) => [r.body.action, r.body.call_id])).toEqual([
      ["reject", "wacid.overquota"],
    ]);
    const [record] = (await api.call("GET", "/v1/conversations", { key: line.key })).body.data;
    expect(record).toMatchObject({
      status: "ended",
      endReason: "quota_exceeded",
      providerCallId: "wacid.overquota",
    });
    const detail = await conversation(line.key, record.id);
    expect(detail.events[0].detail).toMatchObject({ rejectSent: true });
    expect(detail.events[0].detail.reason).toContain("call minutes");
  }, 20_000);
});
