import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { snapshotDb, startTestApi, type TestApi } from "../../test/api-harness";
import { type CallerPeer, createCallerPeer, whatsappFixtureOffer } from "../../test/caller-peer";
import { eventually } from "../../test/eventually";
import { FakeGraphApi } from "../../test/fake-graph-api";
import { FakeWatiApi } from "../../test/fake-wati-api";
import { fixtureJson, hubSignature } from "../../test/webhook-signing";
import {
  APP_SECRET,
  connectBody,
  metaLine,
  permissionReplyBody,
  postWebhook,
  statusBody,
  TENANT_APP_SECRET,
  terminateBody,
} from "../../test/whatsapp-line";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";

const NUMBER_A = "106540350000001";
const NUMBER_B = "106540350000002";
const CALLEE = "919800000002";
let sim: ModelSimulator;
let graph: FakeGraphApi;
let wati: FakeWatiApi;
let api: TestApi;
const callers: CallerPeer[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  graph = new FakeGraphApi();
  wati = new FakeWatiApi();
  api = await startTestApi({
    modelBaseUrl: sim.url,
    graphUrl: graph.url,
    watiBaseUrl: wati.url,
    whatsappAppSecret: APP_SECRET,
  });
});
afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api.close();
  graph.stop();
  wati.stop();
});

/** A tenant answering a Wati number; the answer holds its webhook URL with the token. */
async function watiLine(name: string, businessNumber: string) {
  const { tenantId, key } = await api.tenantWithKey(name);
  const agentId = (await api.call("POST", "/v1/agents", { key, body: { name } })).body.id;
  await api.call("POST", `/v1/agents/${agentId}/publish`, { key });
  const credential = await api.call("PUT", `/v1/tenants/${tenantId}/credentials/wati`, {
    key,
    body: { kind: "wati", watiTenantId: wati.tenantId, token: wati.token },
  });
  await api.call("POST", "/v1/bindings", {
    key,
    body: { agentId, channel: "wati", address: businessNumber },
  });
  return { tenantId, key, agentId, webhookUrl: credential.body.webhookUrl as string };
}

const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  api.call("POST", path, {
    key: null,
    rawBody: JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers },
  });

const conversations = async (key: string) =>
  (await api.call("GET", "/v1/conversations", { key })).body.data;

const place = (key: string, agentId: string, idempotencyKey: string) =>
  api.call("POST", "/v1/calls", {
    key,
    body: { agentId, channel: "whatsapp", to: `+${CALLEE}` },
    headers: { "idempotency-key": idempotencyKey },
  });

describe("webhooks act only on the tenant whose route and secret they came with", () => {
  test("an unsigned Wati body on A's route naming B's number is refused and changes nothing", async () => {
    const a = await watiLine("A", "15550001111");
    const b = await watiLine("B", "15550002222");
    const before = await snapshotDb(api.stores);
    const newCall = {
      ...fixtureJson("wati/new-call.json"),
      businessNumber: "15550002222",
      sdp: whatsappFixtureOffer(),
    };
    const refused = await postJson(`/webhooks/wati/${a.tenantId}`, newCall);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toContain("token");
    await api.background.idle();
    expect(await snapshotDb(api.stores)).toBe(before);

    // Even with A's own token, the body reaches only A's lines: B's number is not one of them.
    expect((await postJson(a.webhookUrl, newCall)).status).toBe(200);
    await api.background.idle();
    expect(wati.requests).toHaveLength(0);
    expect(api.registry.size).toBe(0);
    expect(await conversations(b.key)).toEqual([]);
    expect(await conversations(a.key)).toEqual([]);
  });

  test("a wrong or replaced Wati URL token is refused", async () => {
    const a = await watiLine("A", "15550001111");
    const body = { callId: "wati-call-0001" };
    expect((await postJson(`/webhooks/wati/${a.tenantId}/avw_guess`, body)).status).toBe(401);
    expect((await postJson(a.webhookUrl, body)).status).toBe(200);
    const rotated = await api.call("POST", `/v1/tenants/${a.tenantId}/webhook-token`, {
      key: a.key,
    });
    expect(rotated.status).toBe(200);
    expect((await postJson(a.webhookUrl, body)).status).toBe(401);
    expect((await postJson(rotated.body.url, body)).status).toBe(200);
    // The token is a secret: no log line carries it, though it is part of the path.
    const token = String(rotated.body.url).split("/").pop() ?? "";
    expect(token).toMatch(/^avw_/);
    expect(api.logLines.join("\n")).toContain("/webhooks/wati/");
    expect(api.logLines.join("\n")).not.toContain(token);
    const other = await api.tenantWithKey("Other");
    const foreign = await api.call("POST", `/v1/tenants/${a.tenantId}/webhook-token`, {
      key: other.key,
    });
    expect(foreign.status).toBe(404);
  });

  test("a signed body on A's own Meta route naming B's phone_number_id does nothing", async () => {
    const a = await metaLine(
      api,
      graph.accessToken,
      {},
      {
        name: "A",
        phoneNumberId: NUMBER_A,
        webhookOrigin: "tenant",
      },
    );
    const b = await metaLine(api, graph.accessToken, {}, { name: "B", phoneNumberId: NUMBER_B });
    const body = connectBody("wacid.cross1", whatsappFixtureOffer(), NUMBER_B);
    const ack = await postWebhook(
      api,
      body,
      hubSignature(body, TENANT_APP_SECRET),
      `/webhooks/whatsapp/${a.tenantId}`,
    );
    expect(ack.status).toBe(200);
    await api.background.idle();
    expect(graph.requests).toHaveLength(0);
    expect(api.registry.size).toBe(0);
    expect(await conversations(b.key)).toEqual([]);
    expect(await conversations(a.key)).toEqual([]);
  });

  test("the platform route does not reach a line that takes its tenant's own app's webhooks", async () => {
    const a = await metaLine(
      api,
      graph.accessToken,
      {},
      {
        phoneNumberId: NUMBER_A,
        webhookOrigin: "tenant",
      },
    );
    const body = connectBody("wacid.cross2", whatsappFixtureOffer(), NUMBER_A);
    expect((await postWebhook(api, body)).status).toBe(200);
    await api.background.idle();
    expect(graph.requests).toHaveLength(0);
    expect(await conversations(a.key)).toEqual([]);
  });

  test("a terminate naming another tenant's call id ends nothing and sends nothing", async () => {
    const a = await metaLine(
      api,
      graph.accessToken,
      {},
      {
        name: "A",
        phoneNumberId: NUMBER_A,
        webhookOrigin: "tenant",
      },
    );
    const b = await metaLine(api, graph.accessToken, {}, { name: "B", phoneNumberId: NUMBER_B });
    const caller = await createCallerPeer({ whatsappStyle: true });
    callers.push(caller);
    expect(
      (await postWebhook(api, connectBody("wacid.b-live", caller.offerSdp, NUMBER_B))).status,
    ).toBe(200);
    await eventually("B's call to be accepted", () => graph.callActions("accept").length === 1);
    await api.background.idle();
    const sentBefore = graph.requests.length;

    const tenantPath = `/webhooks/whatsapp/${a.tenantId}`;
    for (const number of [NUMBER_A, NUMBER_B]) {
      const terminate = terminateBody("wacid.b-live", "COMPLETED", number);
      const signed = hubSignature(terminate, TENANT_APP_SECRET);
      expect((await postWebhook(api, terminate, signed, tenantPath)).status).toBe(200);
    }
    await api.background.idle();
    expect(api.registry.size).toBe(1);
    const [call] = await conversations(b.key);
    expect(call.status).not.toBe("ended");
    expect(graph.requests.length).toBe(sentBefore);
    expect(await conversations(a.key)).toEqual([]);
  }, 20_000);

  test("a Wati permission reply on A's route cannot dial out on B's line", async () => {
    const a = await watiLine("A", "15550001111");
    const b = await watiLine("B", "15550002222");
    const placed = await place(b.key, b.agentId, "b-1");
    expect(placed.body.status).toBe("waiting_permission");
    wati.setPermission(CALLEE, {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    const reply = {
      ...fixtureJson("wati/outbound-permission.json"),
      waid: CALLEE,
      channelPhoneNumber: "15550002222",
    };
    expect((await postJson(`/webhooks/wati/${a.tenantId}`, reply)).status).toBe(401);
    expect((await postJson(a.webhookUrl, reply)).status).toBe(200);
    await api.background.idle();
    await api.background.idle();
    expect(wati.requests.filter((r) => r.path.includes("/outbound-call/"))).toHaveLength(0);
    const call = (await api.call("GET", `/v1/conversations/${placed.body.callId}`, { key: b.key }))
      .body;
    expect(call.status).toBe("waiting_permission");
  });

  test("a replayed signed permission reply, or one older than the call, dials nothing", async () => {
    const line = await metaLine(api, graph.accessToken);
    const first = await place(line.key, line.agentId, "p-1");
    expect(first.body.status).toBe("waiting_permission");
    graph.setPermission(CALLEE, {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    const reply = permissionReplyBody(CALLEE, "accept");
    expect((await postWebhook(api, reply)).status).toBe(200);
    await api.background.idle();
    await api.background.idle();
    expect(graph.callActions("connect")).toHaveLength(1);

    // The user withdrew permission; a new call waits for a fresh reply.
    graph.setPermission(CALLEE, {
      status: "no_permission",
      canStartCall: false,
      canRequestPermission: true,
    });
    const second = await place(line.key, line.agentId, "p-2");
    expect(second.body.status).toBe("waiting_permission");
    graph.setPermission(CALLEE, {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    expect((await postWebhook(api, reply)).status).toBe(200);
    const stale = permissionReplyBody(CALLEE, "accept", Date.now() - 3_600_000);
    expect((await postWebhook(api, stale)).status).toBe(200);
    await api.background.idle();
    await api.background.idle();
    expect(graph.callActions("connect")).toHaveLength(1);
    const waiting = (
      await api.call("GET", `/v1/conversations/${second.body.callId}`, { key: line.key })
    ).body;
    expect(waiting.status).toBe("waiting_permission");
  }, 20_000);

  test("a status event delivered twice is recorded once", async () => {
    const line = await metaLine(api, graph.accessToken);
    graph.setPermission(CALLEE, {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    const placed = await place(line.key, line.agentId, "s-1");
    await eventually("connect to be sent", () => graph.callActions("connect").length === 1);
    await api.background.idle();
    const providerCallId: string = (
      await api.call("GET", `/v1/conversations/${placed.body.callId}`, { key: line.key })
    ).body.providerCallId;
    for (let i = 0; i < 2; i++)
      expect((await postWebhook(api, statusBody(providerCallId, "RINGING", CALLEE))).status).toBe(
        200,
      );
    await api.background.idle();
    const call = (
      await api.call("GET", `/v1/conversations/${placed.body.callId}`, { key: line.key })
    ).body;
    const statuses = call.events.filter((e: { kind: string }) => e.kind === "provider_status");
    expect(statuses).toHaveLength(1);
  }, 20_000);
});
