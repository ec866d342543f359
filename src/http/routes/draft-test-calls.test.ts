import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "bun:test";
import { ADMIN_KEY, startTestApi, type TestApi } from "../../../test/api-harness";
import { CallerPeer } from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { liveWebRtcLegs } from "../../media/webrtc/webrtc-leg";
import { type ModelSimulator, startModelSimulator } from "../../models/simulator/server";

// The console's "Test call" calls an agent's unpublished draft with the key it is signed in
// with: a tenant's own key or the admin key, never another tenant's.

let sim: ModelSimulator;
let api: TestApi;
let tenant: { tenantId: string; key: string };
let agentId: string;
const callers: CallerPeer[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  api = await startTestApi({ modelBaseUrl: sim.url });
  tenant = await api.tenantWithKey();
  const created = await api.call("POST", "/v1/agents", {
    key: tenant.key,
    body: { name: "Desk", config: { greeting: { mode: "generated" } } },
  });
  agentId = created.body.id;
});
afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api.close();
});

async function dialDraft(key: string, body: Record<string, unknown> = {}) {
  const caller = new CallerPeer();
  callers.push(caller);
  const res = await api.call("POST", "/v1/calls/web", {
    key,
    body: { agentId, sdp: await caller.offer(), version: "draft", ...body },
  });
  return { caller, res };
}

test("the admin key calls a tenant's unpublished draft, and the call is the tenant's", async () => {
  const { caller, res } = await dialDraft(ADMIN_KEY);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ agentVersion: 0, draftRevision: 1 });
  await caller.answer(res.body.sdp);
  await eventually("the greeting to be heard", () => caller.audibleMs() > 800, 10_000);
  const hungUp = await api.call("DELETE", `/v1/calls/${res.body.callId}`, { key: ADMIN_KEY });
  expect(hungUp.status).toBe(204);
  const record = await api.call("GET", `/v1/conversations/${res.body.callId}`, {
    key: tenant.key,
  });
  expect(record.body).toMatchObject({ agentVersion: 0, endReason: "hung_up_by_api" });
}, 30_000);

test("another tenant's key cannot call the draft, and a wrong version names the field", async () => {
  const other = await api.tenantWithKey("Other clinic");
  const refused = await dialDraft(other.key);
  expect(refused.res.status).toBe(404);
  const wrong = await dialDraft(tenant.key, { version: "latest" });
  expect(wrong.res.status).toBe(400);
  expect(wrong.res.body.error.message).toContain("body.version");
  // Neither left a call or a record behind.
  expect(api.registry.size).toBe(0);
  expect(liveWebRtcLegs()).toBe(0);
  const records = await api.call("GET", "/v1/conversations", { key: tenant.key });
  expect(records.body.data).toEqual([]);
}, 30_000);
