import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { type CallerPeer, createCallerPeer } from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { FakeWatiApi } from "../../../test/fake-wati-api";
import { promptsSent } from "../../../test/prompts-sent";
import { fixtureJson, hubSignature } from "../../../test/webhook-signing";
import { type ModelSimulator, startModelSimulator } from "../../models/simulator/server";

const WEBHOOK_SECRET = "wati-webhook-secret-0001";
let sim: ModelSimulator;
let wati: FakeWatiApi;
let api: TestApi;
const callers: CallerPeer[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({
    pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 },
    recordClientEvents: true,
  });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  wati = new FakeWatiApi();
  api = await startTestApi({ modelBaseUrl: sim.url, watiBaseUrl: wati.url });
});
afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api.close();
  wati.stop();
});

async function watiLine(webhookSecret?: string, config?: Record<string, unknown>) {
  const { tenantId, key } = await api.tenantWithKey();
  const agentId = (
    await api.call("POST", "/v1/agents", { key, body: { name: "Wati desk", config } })
  ).body.id;
  await api.call("POST", `/v1/agents/${agentId}/publish`, { key });
  await api.call("PUT", `/v1/tenants/${tenantId}/credentials/wati`, {
    key,
    body: {
      kind: "wati",
      watiTenantId: wati.tenantId,
      token: wati.token,
      ...(webhookSecret ? { webhookSecret } : {}),
    },
  });
  await api.call("POST", "/v1/bindings", {
    key,
    body: { agentId, channel: "wati", address: "+15550001111" },
  });
  return { tenantId, key };
}

function post(tenantId: string, body: unknown, secret?: string) {
  const raw = JSON.stringify(body);
  return api.call("POST", `/webhooks/wati/${tenantId}`, {
    key: null,
    rawBody: raw,
    headers: {
      "content-type": "application/json",
      ...(secret ? { "x-hub-signature-256": hubSignature(raw, secret) } : {}),
    },
  });
}

describe("inbound WhatsApp calls through Wati", () => {
  test("answered with accept (no pre_accept), greeted, and ended by Wati's terminate", async () => {
    const line = await watiLine(WEBHOOK_SECRET);
    const caller = await createCallerPeer({ whatsappStyle: true });
    callers.push(caller);
    const newCall = {
      ...fixtureJson("wati/new-call.json"),
      callId: "wati-call-7",
      sdp: caller.offerSdp,
    };
    expect((await post(line.tenantId, newCall, WEBHOOK_SECRET)).status).toBe(200);
    await api.background.idle();
    const accepts = wati.requests.filter((r) => r.path === `${wati.callsPath}/wati-call-7/accept`);
    expect(accepts).toHaveLength(1);
    const answer: string = accepts[0]?.body.sdp;
    expect(answer).toContain("a=setup:active");
    await caller.answer(answer);
    await eventually("the greeting to be heard", () => caller.audibleMs() > 800, 10_000);

    expect((await post(line.tenantId, { callId: "wati-call-7" }, WEBHOOK_SECRET)).status).toBe(200);
    await api.background.idle();
    const [record] = (await api.call("GET", "/v1/conversations", { key: line.key })).body.data;
    expect(record).toMatchObject({
      channel: "wati",
      status: "ended",
      endReason: "caller_hung_up",
      remoteParty: "••••0001",
    });
    expect(wati.requests.some((r) => r.path.endsWith("/terminate"))).toBe(false);
  }, 30_000);

  test("a tenant with a webhook secret gets unsigned or forged bodies refused", async () => {
    const line = await watiLine(WEBHOOK_SECRET);
    const body = fixtureJson("wati/new-call.json");
    expect((await post(line.tenantId, body)).status).toBe(401);
    expect((await post(line.tenantId, body, "wrong-secret")).status).toBe(401);
    expect((await post("ten_0000000000000000000000000", body, WEBHOOK_SECRET)).status).toBe(401);
    await api.background.idle();
    expect(wati.requests).toHaveLength(0);
  });

  test("an agent that follows the caller's language starts in Wati's voiceLanguage", async () => {
    const line = await watiLine(WEBHOOK_SECRET, {
      language: { mode: "auto", primary: "en", allowed: ["es"] },
    });
    const caller = await createCallerPeer({ whatsappStyle: true });
    callers.push(caller);
    const eventsBefore = sim.clientEvents.length;
    const newCall = {
      ...fixtureJson("wati/new-call.json"),
      callId: "wati-call-es",
      sdp: caller.offerSdp,
      voiceLanguage: "es-MX",
    };
    expect((await post(line.tenantId, newCall, WEBHOOK_SECRET)).status).toBe(200);
    await api.background.idle();
    await eventually(
      "the model session to be set up",
      () => sim.clientEvents.slice(eventsBefore).some((e) => e.event.type === "response.create"),
      10_000,
    );
    const sent = promptsSent(sim.clientEvents.slice(eventsBefore));
    expect(sent.sessions[0]).toContain("Start the call in Spanish");
    expect(sent.responses[0]).toContain("in Spanish");
  }, 30_000);
});
