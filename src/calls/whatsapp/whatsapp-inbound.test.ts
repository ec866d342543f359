import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { recordingPath } from "../../../test/assets";
import { type CallerPeer, createCallerPeer } from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { FakeGraphApi } from "../../../test/fake-graph-api";
import { fixtureText, hubSignature } from "../../../test/webhook-signing";
import {
  APP_SECRET,
  connectBody,
  metaLine,
  postWebhook,
  terminateBody,
} from "../../../test/whatsapp-line";
import { type ModelSimulator, startModelSimulator } from "../../models/simulator/server";

const AUDIO = recordingPath("en-hours.wav");
let sim: ModelSimulator;
let graph: FakeGraphApi;
let api: TestApi;
const callers: CallerPeer[] = [];

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

async function whatsappCaller(wav?: string) {
  const caller = await createCallerPeer({ whatsappStyle: true, ...(wav ? { wavPath: wav } : {}) });
  callers.push(caller);
  return caller;
}

const conversation = async (key: string, callId: string) =>
  (await api.call("GET", `/v1/conversations/${callId}`, { key })).body;

describe("inbound WhatsApp calls (Meta Cloud API)", () => {
  test("answered with pre_accept then accept, greeted, heard, and ended by the caller", async () => {
    const line = await metaLine(api, graph.accessToken);
    const caller = await whatsappCaller(AUDIO);
    const ack = await postWebhook(api, connectBody("wacid.inbound1", caller.offerSdp));
    expect(ack.status).toBe(200);

    await eventually("accept to be sent", () => graph.callActions("accept").length === 1, 10_000);
    const actions = graph.callActions().map((r) => r.body.action);
    expect(actions).toEqual(["pre_accept", "accept"]);
    const answer: string = graph.callActions("accept")[0]?.body.session.sdp;
    expect(answer).toContain("a=setup:active");
    expect(answer).not.toContain("a=ice-lite");
    expect(answer).not.toContain("a=ice-options:trickle");
    expect(answer.match(/a=fingerprint:/g)).toHaveLength(1);
    expect(answer).toMatch(/a=fingerprint:sha-256 [0-9A-F:]+\r\n/);
    expect(answer.match(/^m=/gm)).toHaveLength(1);
    expect(graph.callActions("pre_accept")[0]?.body.session.sdp).toBe(answer);

    await caller.answer(answer);
    await caller.waitForAudio(800, 10_000);
    await api.background.idle();
    const calls = (await api.call("GET", "/v1/conversations", { key: line.key })).body.data;
    expect(calls).toHaveLength(1);
    const callId = calls[0].id;
    const deadline = Date.now() + 20_000;
    while ((await conversation(line.key, callId)).messages.length < 3 && Date.now() < deadline)
      await Bun.sleep(100);

    expect((await postWebhook(api, terminateBody("wacid.inbound1"))).status).toBe(200);
    await api.background.idle();
    const record = await conversation(line.key, callId);
    expect(record).toMatchObject({
      status: "ended",
      endReason: "caller_hung_up",
      channel: "whatsapp_cloud",
      providerCallId: "wacid.inbound1",
      providerStatus: "COMPLETED",
      remoteParty: "••••0000",
    });
    expect(record.answeredAt).not.toBeNull();
    // The call counts from when its webhook arrived, before the answer and pre_accept were made.
    expect(Date.parse(record.receivedAt)).toBeLessThanOrEqual(Date.parse(record.answeredAt));
    expect(Date.parse(record.receivedAt)).toBeLessThanOrEqual(Date.parse(record.mediaConnectedAt));
    expect(record.mediaConnectedAt).not.toBeNull();
    expect(record.firstAgentAudioAt).not.toBeNull();
    expect(record.messages.map((m: { role: string }) => m.role)).toEqual([
      "assistant",
      "user",
      "assistant",
    ]);
    expect(record.events.map((e: { kind: string }) => e.kind)).toEqual([
      "accepted",
      "provider_terminated",
    ]);
    // The caller hung up: WhatsApp knows, so no terminate goes back.
    expect(graph.callActions("terminate")).toHaveLength(0);
    expect(JSON.stringify(record)).not.toContain("919800000000");
  }, 40_000);

  test("repeated and concurrent deliveries of one call make one call", async () => {
    const line = await metaLine(api, graph.accessToken);
    const caller = await whatsappCaller();
    const body = connectBody("wacid.dup", caller.offerSdp);
    const acks = await Promise.all([1, 2, 3].map(() => postWebhook(api, body)));
    expect(acks.map((a) => a.status)).toEqual([200, 200, 200]);
    await api.background.idle();
    expect((await postWebhook(api, body)).status).toBe(200);
    await api.background.idle();
    expect(graph.callActions("accept")).toHaveLength(1);
    expect(graph.callActions("pre_accept")).toHaveLength(1);
    expect((await api.call("GET", "/v1/conversations", { key: line.key })).body.data).toHaveLength(
      1,
    );
  }, 20_000);

  test("when the agent's side ends the call, WhatsApp is told to terminate it", async () => {
    const line = await metaLine(api, graph.accessToken);
    const caller = await whatsappCaller();
    await postWebhook(api, connectBody("wacid.hangup", caller.offerSdp));
    await api.background.idle();
    await caller.answer(graph.callActions("accept")[0]?.body.session.sdp);
    const callId = (await api.call("GET", "/v1/conversations", { key: line.key })).body.data[0].id;
    expect((await api.call("DELETE", `/v1/calls/${callId}`, { key: line.key })).status).toBe(204);
    await eventually(
      "terminate to be sent",
      () => graph.callActions("terminate").length === 1,
      5000,
    );
    expect(graph.callActions("terminate")[0]?.body).toMatchObject({
      action: "terminate",
      call_id: "wacid.hangup",
    });
  }, 20_000);

  test("a call to an unpublished agent is rejected through WhatsApp and the reason kept", async () => {
    const line = await metaLine(api, graph.accessToken);
    const draft = (await api.call("POST", "/v1/agents", { key: line.key, body: { name: "Draft" } }))
      .body.id;
    const binding = (await api.call("GET", "/v1/bindings", { key: line.key })).body.data[0];
    await api.call("PATCH", `/v1/bindings/${binding.id}`, {
      key: line.key,
      body: { agentId: draft },
    });
    const caller = await whatsappCaller();
    await postWebhook(api, connectBody("wacid.refused", caller.offerSdp));
    await api.background.idle();
    expect(graph.callActions().map((r) => r.body.action)).toEqual(["reject"]);
    const [record] = (await api.call("GET", "/v1/conversations", { key: line.key })).body.data;
    expect(record).toMatchObject({
      status: "ended",
      endReason: "rejected",
      providerCallId: "wacid.refused",
    });
    const detail = await conversation(line.key, record.id);
    expect(detail.events[0].detail.reason).toContain("no published version");
  }, 20_000);

  test("unsigned or wrongly signed webhooks are refused and change nothing", async () => {
    const line = await metaLine(api, graph.accessToken);
    const caller = await whatsappCaller();
    const body = connectBody("wacid.forged", caller.offerSdp);
    expect((await postWebhook(api, body, null)).status).toBe(401);
    expect((await postWebhook(api, body, "sha256=00")).status).toBe(401);
    expect((await postWebhook(api, body, hubSignature(body, "another-secret"))).status).toBe(401);
    expect((await postWebhook(api, `${body} `, undefined)).status).toBe(200); // re-signed: fine
    await api.background.idle();
    expect(graph.callActions("accept")).toHaveLength(1);
    void line;
  }, 20_000);

  test("the webhook is acknowledged before WhatsApp is called", async () => {
    await metaLine(api, graph.accessToken);
    graph.delay({ action: "pre_accept" }, 1500);
    const caller = await whatsappCaller();
    const ack = await postWebhook(api, connectBody("wacid.slow", caller.offerSdp));
    expect(ack.status).toBe(200);
    expect(graph.callActions("accept")).toHaveLength(0);
    await api.background.idle();
    expect(graph.callActions("accept")).toHaveLength(1);
  }, 20_000);

  test("a connect arriving after its terminate starts no call; oversized bodies are refused", async () => {
    const line = await metaLine(api, graph.accessToken);
    const caller = await whatsappCaller();
    await postWebhook(api, terminateBody("wacid.late"));
    await api.background.idle();
    expect((await postWebhook(api, connectBody("wacid.late", caller.offerSdp))).status).toBe(200);
    await api.background.idle();
    expect(graph.requests).toHaveLength(0);
    expect((await api.call("GET", "/v1/conversations", { key: line.key })).body.data).toEqual([]);
    const huge = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [],
      pad: "x".repeat(70_000),
    });
    expect((await postWebhook(api, huge)).status).toBe(413);
  }, 20_000);

  test("events for unknown calls and non-call fields are acknowledged", async () => {
    await metaLine(api, graph.accessToken);
    expect((await postWebhook(api, terminateBody("wacid.never-seen"))).status).toBe(200);
    const text = JSON.stringify(JSON.parse(fixtureText("whatsapp/message-text.json")));
    expect((await postWebhook(api, text)).status).toBe(200);
    const malformed = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [{ changes: [{ field: "calls", value: { calls: [{ event: "connect" }] } }] }],
    });
    const ack = await postWebhook(api, malformed);
    expect(ack.status).toBe(200);
    expect(ack.body).toEqual({ received: true, understood: false });
    await api.background.idle();
    expect(graph.requests).toHaveLength(0);
  });

  test("on a tenant's own app, a call to a number bound to no agent is rejected", async () => {
    const { tenantId, key } = await api.tenantWithKey();
    await api.call("PUT", `/v1/tenants/${tenantId}/credentials/whatsapp_cloud`, {
      key,
      body: {
        kind: "whatsapp_cloud",
        accessToken: graph.accessToken,
        appSecret: "tenant-own-app-secret-000",
      },
    });
    const caller = await whatsappCaller();
    const body = connectBody("wacid.unbound", caller.offerSdp);
    const path = `/webhooks/whatsapp/${tenantId}`;
    expect((await postWebhook(api, body, hubSignature(body, APP_SECRET), path)).status).toBe(401);
    expect(
      (await postWebhook(api, body, hubSignature(body, "tenant-own-app-secret-000"), path)).status,
    ).toBe(200);
    await api.background.idle();
    expect(graph.callActions().map((r) => r.body.action)).toEqual(["reject"]);
    expect((await api.call("GET", "/v1/conversations", { key })).body.data).toEqual([]);
  }, 20_000);

  test("the verify handshake answers the challenge only for the right token", async () => {
    const stopped = await startTestApi({ whatsappVerifyToken: "verify-me" });
    try {
      const ok = await stopped.call(
        "GET",
        "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444",
        { key: null },
      );
      expect([ok.status, ok.body]).toEqual([200, "1158201444"]);
      const wrong = await stopped.call(
        "GET",
        "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1",
        { key: null },
      );
      expect(wrong.status).toBe(403);
    } finally {
      await stopped.close();
    }
  });
});
