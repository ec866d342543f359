import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { eventually } from "../../../test/eventually";
import { FakeWatiApi } from "../../../test/fake-wati-api";
import { answerWebRtcOffer } from "../../media/webrtc/answer-offer";
import type { WebRtcLeg } from "../../media/webrtc/webrtc-leg";
import { type ModelSimulator, startModelSimulator } from "../../models/simulator/server";

const CALLEE = "919800000002";
let sim: ModelSimulator;
let wati: FakeWatiApi;
let api: TestApi;
const callees: WebRtcLeg[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  wati = new FakeWatiApi();
  api = await startTestApi({ modelBaseUrl: sim.url, watiBaseUrl: wati.url });
});
afterEach(async () => {
  for (const leg of callees.splice(0)) await leg.close();
  await api.close();
  wati.stop();
});

describe("outbound WhatsApp calls through Wati", () => {
  test("asks permission, dials on the permission callback, connects on the SDP answer callback", async () => {
    const { tenantId, key } = await api.tenantWithKey();
    const agentId = (await api.call("POST", "/v1/agents", { key, body: { name: "Wati out" } })).body
      .id;
    await api.call("POST", `/v1/agents/${agentId}/publish`, { key });
    const credential = await api.call("PUT", `/v1/tenants/${tenantId}/credentials/wati`, {
      key,
      body: { kind: "wati", watiTenantId: wati.tenantId, token: wati.token },
    });
    const webhookUrl: string = credential.body.webhookUrl;
    await api.call("POST", "/v1/bindings", {
      key,
      body: { agentId, channel: "wati", address: "15550001111" },
    });
    const webhook = (body: unknown) =>
      api.call("POST", webhookUrl, {
        key: null,
        body,
        headers: { "content-type": "application/json" },
      });

    const placed = await api.call("POST", "/v1/calls", {
      key,
      body: { agentId, channel: "whatsapp", to: CALLEE },
      headers: { "idempotency-key": "wati-1" },
    });
    expect(placed.body.status).toBe("waiting_permission");
    expect(wati.requests.some((r) => r.path.endsWith(`/call-permission-request/${CALLEE}`))).toBe(
      true,
    );

    wati.setPermission(CALLEE, {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    await webhook({
      waid: CALLEE,
      channelPhoneNumber: "15550001111",
      hasPermission: true,
      status: "granted",
      tenantId: wati.tenantId,
    });
    await api.background.idle();
    const dial = wati.requests.find((r) => r.path.endsWith(`/outbound-call/${CALLEE}`));
    expect(dial?.body.Sdp).toStartWith("v=0");

    const callee = await answerWebRtcOffer(dial?.body.Sdp);
    callees.push(callee.leg);
    let heard = 0;
    callee.leg.on("audio", (frame) => {
      if (frame.some((s) => Math.abs(s) > 1000)) heard++;
    });
    await webhook({ callId: "wati-out-1", sdp: callee.answerSdp });
    await webhook({ callId: "wati-out-1", status: "ACCEPTED" });
    await eventually("the callee to hear the agent", () => heard > 50, 10_000);
    await webhook({ callId: "wati-out-1", status: "ENDED" });
    await api.background.idle();
    const call = (await api.call("GET", `/v1/conversations/${placed.body.callId}`, { key })).body;
    expect(call).toMatchObject({
      channel: "wati",
      direction: "outbound",
      status: "ended",
      providerStatus: "ENDED",
    });
    expect(wati.requests.some((r) => r.path.endsWith("/terminate"))).toBe(false);
  }, 30_000);
});
