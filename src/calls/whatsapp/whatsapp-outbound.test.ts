import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { eventually } from "../../../test/eventually";
import { FakeGraphApi } from "../../../test/fake-graph-api";
import { promptsSent } from "../../../test/prompts-sent";
import {
  APP_SECRET,
  answerBody,
  metaLine,
  permissionReplyBody,
  postWebhook,
  statusBody,
} from "../../../test/whatsapp-line";
import { answerWebRtcOffer } from "../../media/webrtc/answer-offer";
import type { WebRtcLeg } from "../../media/webrtc/webrtc-leg";
import { type ModelSimulator, startModelSimulator } from "../../models/simulator/server";

const CALLEE = "919800000002";
let sim: ModelSimulator;
let graph: FakeGraphApi;
let api: TestApi;
const callees: WebRtcLeg[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({
    pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 },
    recordClientEvents: true,
  });
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
  for (const leg of callees.splice(0)) await leg.close();
  await api.close();
  graph.stop();
});

const place = (key: string, agentId: string, idempotencyKey: string, to = `+${CALLEE}`) =>
  api.call("POST", "/v1/calls", {
    key,
    body: { agentId, channel: "whatsapp", to, variables: { order: "A-17" } },
    headers: { "idempotency-key": idempotencyKey },
  });

/** Plays WhatsApp's side of a call we place: answers our offer with a real peer. */
async function calleeAnswers(
  connect: { body: { session: { sdp: string } } },
  providerCallId: string,
) {
  const callee = await answerWebRtcOffer(connect.body.session.sdp);
  callees.push(callee.leg);
  let loudFrames = 0;
  callee.leg.on("audio", (frame) => {
    let energy = 0;
    for (const s of frame) energy += s * s;
    if (Math.sqrt(energy / frame.length) > 330) loudFrames++;
  });
  expect(
    (await postWebhook(api, answerBody(providerCallId, callee.answerSdp, CALLEE))).status,
  ).toBe(200);
  return { heardMs: () => loudFrames * 10 };
}

const record = async (key: string, callId: string) =>
  (await api.call("GET", `/v1/conversations/${callId}`, { key })).body;

describe("outbound WhatsApp calls", () => {
  test("with permission: rings, connects on the answer webhook, greets; one call per idempotency key", async () => {
    const line = await metaLine(api, graph.accessToken);
    graph.setPermission(CALLEE, {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    const first = await place(line.key, line.agentId, "order-A-17");
    expect(first.status).toBe(202);
    expect(first.body.status).toBe("dialing");
    const again = await place(line.key, line.agentId, "order-A-17");
    expect([again.status, again.body.callId]).toEqual([200, first.body.callId]);

    await eventually("connect to be sent", () => graph.callActions("connect").length === 1, 10_000);
    const connect = graph.callActions("connect")[0];
    expect(connect?.body).toMatchObject({
      messaging_product: "whatsapp",
      to: CALLEE,
      action: "connect",
    });
    expect(connect?.body.session.sdp_type).toBe("offer");
    expect(connect?.body.session.sdp).not.toContain("a=ice-options:trickle");
    await postWebhook(api, statusBody("wacid.fake1", "RINGING", CALLEE));
    const callee = await calleeAnswers(connect as never, "wacid.fake1");
    await eventually("the callee to hear the greeting", () => callee.heardMs() > 800, 10_000);
    await postWebhook(api, statusBody("wacid.fake1", "ACCEPTED", CALLEE));
    await api.background.idle();

    const call = await record(line.key, first.body.callId);
    expect(call).toMatchObject({
      direction: "outbound",
      status: "active",
      providerCallId: "wacid.fake1",
      providerStatus: "ACCEPTED",
    });
    expect(call.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(["dialled", "provider_status", "answered"]),
    );
    expect(call.answeredAt).not.toBeNull();
    expect(JSON.stringify(call)).not.toContain(CALLEE);
    expect(
      (await api.call("DELETE", `/v1/calls/${first.body.callId}`, { key: line.key })).status,
    ).toBe(204);
    await eventually(
      "terminate to be sent",
      () => graph.callActions("terminate").length === 1,
      5000,
    );
    expect(graph.callActions("connect")).toHaveLength(1);
  }, 30_000);

  test("without permission: asks for it, waits, and dials when the user accepts", async () => {
    const line = await metaLine(api, graph.accessToken);
    const placed = await place(line.key, line.agentId, "k1");
    expect(placed.body.status).toBe("waiting_permission");
    const request = graph.requests.find((r) => r.path.endsWith("/messages"));
    expect(request?.body).toMatchObject({
      to: CALLEE,
      type: "interactive",
      interactive: { type: "call_permission_request" },
    });
    expect(graph.callActions("connect")).toHaveLength(0);
    const eventsBefore = sim.clientEvents.length;

    graph.setPermission(CALLEE, {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    expect((await postWebhook(api, permissionReplyBody(CALLEE, "accept"))).status).toBe(200);
    await api.background.idle();
    await api.background.idle();
    expect(graph.callActions("connect")).toHaveLength(1);
    const call = await record(line.key, placed.body.callId);
    expect(call.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(["permission_requested", "permission_reply", "dialled"]),
    );
    // The request's variables outlived the wait: the agent is told about the order.
    const { sessions } = promptsSent(sim.clientEvents.slice(eventsBefore));
    expect(sessions.at(-1)).toContain("- order: A-17");
  }, 20_000);

  test("a refused permission ends the call with that reason", async () => {
    const line = await metaLine(api, graph.accessToken);
    const placed = await place(line.key, line.agentId, "k2");
    await postWebhook(api, permissionReplyBody(CALLEE, "reject"));
    await api.background.idle();
    const call = await record(line.key, placed.body.callId);
    expect(call).toMatchObject({ status: "ended", endReason: "permission_rejected" });
    expect(graph.callActions("connect")).toHaveLength(0);
    // Counted in /metrics like any ended call, though no session ever ran.
    expect(await api.metrics.render()).toContain(
      'astra_calls_ended_total{channel="whatsapp_cloud",reason="permission_rejected"} 1\n',
    );
  });

  test("a rejected call ends as rejected, with no terminate sent back", async () => {
    const line = await metaLine(api, graph.accessToken);
    graph.setPermission(CALLEE, {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    const placed = await place(line.key, line.agentId, "k3");
    await eventually("connect to be sent", () => graph.callActions("connect").length === 1, 10_000);
    await api.background.idle();
    await eventually(
      "the call to ring",
      () =>
        api.registry.byProviderCallId(
          { tenantId: line.tenantId, channel: "whatsapp_cloud" },
          "wacid.fake1",
        ) !== undefined,
      5000,
    );
    await postWebhook(api, statusBody("wacid.fake1", "REJECTED", CALLEE));
    await api.background.idle();
    const call = await record(line.key, placed.body.callId);
    expect(call).toMatchObject({
      status: "ended",
      endReason: "rejected",
      providerStatus: "REJECTED",
    });
    expect(graph.callActions("terminate")).toHaveLength(0);
  }, 20_000);

  test("bad requests are refused clearly and place nothing", async () => {
    const line = await metaLine(api, graph.accessToken);
    const noKey = await api.call("POST", "/v1/calls", {
      key: line.key,
      body: { agentId: line.agentId, channel: "whatsapp", to: CALLEE },
    });
    expect([noKey.status, noKey.body.error.message]).toEqual([
      400,
      expect.stringContaining("Idempotency-Key"),
    ]);
    const badNumber = await place(line.key, line.agentId, "k4", "call-me-maybe");
    expect(badNumber.body.error.message).toContain("body.to");
    const token = (
      await api.call("POST", `/v1/agents/${line.agentId}/call-tokens`, { key: line.key, body: {} })
    ).body.token;
    expect((await place(token, line.agentId, "k5")).status).toBe(403);
    expect(graph.requests).toHaveLength(0);
    expect((await api.call("GET", "/v1/conversations", { key: line.key })).body.data).toEqual([]);
  });
});
