import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { startTestApi, TEST_CLIENT_HEADER, type TestApi } from "../../../test/api-harness";
import { recordingPath } from "../../../test/assets";
import { publishedAgent } from "../../../test/browser-calls";
import { type CallerPeer, createCallerPeer } from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { FakeGraphApi } from "../../../test/fake-graph-api";
import { parseExposition, sampleValue } from "../../../test/prometheus-text";
import {
  APP_SECRET,
  CALLER_WA_ID,
  connectBody,
  metaLine,
  postWebhook,
} from "../../../test/whatsapp-line";
import { type ModelSimulator, startModelSimulator } from "../../models/simulator/server";

const METRICS_TOKEN = "scrape-token-0123456789abcdef";

let api: TestApi | null = null;
const callers: CallerPeer[] = [];
afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api?.close();
  api = null;
});

async function scrape(test: TestApi, headers: Record<string, string> = {}) {
  const res = await test.call("GET", "/metrics", { key: null, headers });
  return { ...res, families: res.status === 200 ? parseExposition(res.body) : null };
}

describe("GET /metrics", () => {
  test("is open without METRICS_TOKEN, in the text format, and rate-limited per address", async () => {
    api = await startTestApi({ publicRateLimitPerMinute: 3 });
    const first = await scrape(api, { [TEST_CLIENT_HEADER]: "10.0.0.1" });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const families = first.families ?? new Map();
    for (const name of [
      "astra_calls_live",
      "astra_calls_ended_total",
      "astra_call_turn_response_seconds",
      "astra_model_first_audio_seconds",
      "astra_playout_underruns_total",
      "astra_webhook_handling_seconds",
      "astra_event_loop_lag_seconds",
      "astra_outbox_pending",
      "astra_after_call_step_seconds",
      "astra_recordings_in_progress",
      "astra_session_store_seconds",
    ])
      expect(families.has(name)).toBe(true);
    expect(sampleValue(families, "astra_calls_live", { channel: "whatsapp_cloud" })).toBe(0);
    expect(sampleValue(families, "astra_outbox_pending", { queue: "fan_out" })).toBe(0);
    await scrape(api, { [TEST_CLIENT_HEADER]: "10.0.0.1" });
    await scrape(api, { [TEST_CLIENT_HEADER]: "10.0.0.1" });
    expect((await scrape(api, { [TEST_CLIENT_HEADER]: "10.0.0.1" })).status).toBe(429);
    expect((await scrape(api, { [TEST_CLIENT_HEADER]: "10.0.0.2" })).status).toBe(200);
  });

  test("without METRICS_TOKEN, refuses what came through the public proxy", async () => {
    api = await startTestApi({ metricsPublicEdgeHeader: "fly-client-ip" });
    const viaProxy = await scrape(api, { "fly-client-ip": "203.0.113.7" });
    expect(viaProxy.status).toBe(403);
    expect(viaProxy.body.error.message).toContain("METRICS_TOKEN");
    expect((await scrape(api)).status).toBe(200);
  });

  test("with METRICS_TOKEN, refuses a missing or wrong token and serves the right one", async () => {
    api = await startTestApi({ metricsToken: METRICS_TOKEN, publicRateLimitPerMinute: 100 });
    const from = { [TEST_CLIENT_HEADER]: "10.0.0.9" };
    const missing = await scrape(api, from);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    expect(missing.body.error.code).toBe("unauthorized");
    const wrong = await scrape(api, { ...from, authorization: `Bearer ${METRICS_TOKEN}x` });
    expect(wrong.status).toBe(401);
    const prefix = await scrape(api, {
      ...from,
      authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}`,
    });
    expect(prefix.status).toBe(401);
    const right = await scrape(api, { ...from, authorization: `Bearer ${METRICS_TOKEN}` });
    expect(right.status).toBe(200);
    expect(right.families?.has("astra_calls_live")).toBe(true);
    // Guessing is cut off: a tenth of the per-address limit of failures, then 429 even when right.
    for (let i = 0; i < 10; i++) await scrape(api, { ...from, authorization: "Bearer guess" });
    const after = await scrape(api, { ...from, authorization: `Bearer ${METRICS_TOKEN}` });
    expect(after.status).toBe(429);
  });
});

describe("GET /metrics during real calls through the model simulator", () => {
  let sim: ModelSimulator;
  beforeAll(async () => {
    sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
  });
  afterAll(() => sim.stop());

  test("a browser call moves live calls up then down, counts its end and times its turns", async () => {
    const test = await startTestApi({ modelBaseUrl: sim.url });
    api = test;
    const { tenantId, key } = await test.tenantWithKey();
    const agentId = await publishedAgent(test, key);
    const values = async (name: string, labels: Record<string, string> = {}) =>
      sampleValue((await scrape(test)).families ?? new Map(), name, labels);
    expect(await values("astra_calls_live", { channel: "web" })).toBe(0);

    const caller = await createCallerPeer({ wavPath: recordingPath("en-hours.wav") });
    callers.push(caller);
    const res = await test.call("POST", "/v1/calls/web", {
      key,
      body: { agentId, sdp: caller.offerSdp },
    });
    expect(res.status).toBe(201);
    await caller.answer(res.body.sdp);
    expect(await values("astra_calls_live", { channel: "web" })).toBe(1);

    // The caller's question gets a reply: one turn timed from the end of their speech.
    const deadline = Date.now() + 20_000;
    while (
      ((await values("astra_call_turn_response_seconds_count", { channel: "web" })) ?? 0) < 1
    ) {
      if (Date.now() > deadline) throw new Error("no turn was timed");
      await Bun.sleep(100);
    }
    expect(
      await values("astra_model_first_audio_seconds_count", { channel: "web" }),
    ).toBeGreaterThanOrEqual(1);
    expect(await values("astra_call_greeting_seconds_count", { channel: "web" })).toBe(1);
    const turnSum = (await values("astra_call_turn_response_seconds_sum", { channel: "web" })) ?? 0;
    expect(turnSum).toBeGreaterThan(0);

    const callId = res.body.callId as string;
    expect((await test.call("DELETE", `/v1/calls/${callId}`, { key })).status).toBe(204);
    await test.background.idle();
    const ended = await scrape(test);
    const families = ended.families ?? new Map();
    expect(sampleValue(families, "astra_calls_live", { channel: "web" })).toBe(0);
    expect(
      sampleValue(families, "astra_calls_ended_total", {
        channel: "web",
        reason: "hung_up_by_api",
      }),
    ).toBe(1);
    expect(
      sampleValue(families, "astra_after_call_step_seconds_count", { step: "transcript" }),
    ).toBe(1);
    expect(
      sampleValue(families, "astra_playout_underruns_total", { channel: "web" }),
    ).toBeGreaterThanOrEqual(0);
    // Nothing that names a tenant, an agent, a call or a key appears.
    for (const secret of [tenantId, agentId, callId, key]) expect(ended.body).not.toContain(secret);
  }, 40_000);

  test("a WhatsApp call is counted on its channel, its webhook timed, and no number appears", async () => {
    const graph = new FakeGraphApi();
    try {
      const test = await startTestApi({
        modelBaseUrl: sim.url,
        graphUrl: graph.url,
        whatsappAppSecret: APP_SECRET,
      });
      api = test;
      const line = await metaLine(test, graph.accessToken);
      const caller = await createCallerPeer({ whatsappStyle: true });
      callers.push(caller);
      await postWebhook(test, connectBody("wacid.metrics1", caller.offerSdp));
      await eventually("accept to be sent", () => graph.callActions("accept").length === 1, 10_000);
      await caller.answer(graph.callActions("accept")[0]?.body.session.sdp);
      await test.background.idle();
      const live = await scrape(test);
      const families = live.families ?? new Map();
      expect(sampleValue(families, "astra_calls_live", { channel: "whatsapp_cloud" })).toBe(1);
      expect(
        sampleValue(families, "astra_webhook_handling_seconds_count", {
          route_kind: "whatsapp_meta",
          status_class: "2xx",
        }),
      ).toBe(1);
      // Names, labels and help text: sample values are numbers whose digits prove nothing.
      for (const secret of [
        line.tenantId,
        line.agentId,
        line.key,
        CALLER_WA_ID,
        CALLER_WA_ID.slice(-4),
        graph.accessToken,
        APP_SECRET,
        "wacid.metrics1",
      ])
        expect(live.body.replace(/ \S+$/gm, "")).not.toContain(secret);
    } finally {
      graph.stop();
    }
  }, 40_000);
});
