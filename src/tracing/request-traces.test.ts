import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { publishedAgent } from "../../test/browser-calls";
import { CallerPeer } from "../../test/caller-peer";
import { startOtlpCollector } from "../../test/otlp-collector";
import { startModelSimulator } from "../models/simulator/server";
import { openTracing } from "./open-tracing";
import { noTracing, type Tracing, useTracing } from "./tracing";

const collector = startOtlpCollector();
const sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
let tracing: Tracing;
let api: TestApi;

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_ID = "00f067aa0ba902b7";
const traceparent = `00-${TRACE_ID}-${PARENT_ID}-01`;
const TENANT = "ten_0000000000000000000000000";
const WATI_TOKEN = "avw_secret-token-in-the-url";

beforeAll(async () => {
  // The default protocol: protobuf over HTTP.
  tracing = await openTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: `${collector.url}/` }, "m-2", 50);
  useTracing(tracing);
  api = await startTestApi({ modelBaseUrl: sim.url });
});
afterAll(async () => {
  await api.close();
  useTracing(noTracing);
  collector.stop();
  sim.stop();
});

describe("request spans", () => {
  test("an API request continues the caller's traceparent and its call joins it; a webhook starts anew", async () => {
    const { key } = await api.tenantWithKey();
    const agentId = await publishedAgent(api, key);
    const caller = new CallerPeer();
    try {
      const res = await api.call("POST", "/v1/calls/web", {
        key,
        body: { agentId, sdp: await caller.offer() },
        headers: { traceparent },
      });
      expect(res.status).toBe(201);
      await caller.answer(res.body.sdp);
      await caller.waitForAudio(400, 10_000);
      const hangUp = await api.call("DELETE", `/v1/calls/${res.body.callId}`, { key });
      expect(hangUp.status).toBeLessThan(300);
      await api.background.idle();
    } finally {
      caller.close();
    }
    // A webhook starts its own trace, and its URL's token stays out of it.
    const webhook = await api.call("POST", `/webhooks/wati/${TENANT}/${WATI_TOKEN}`, {
      key: null,
      rawBody: "{}",
      headers: { "content-type": "application/json", traceparent },
    });
    expect(webhook.status).toBe(401);
    await tracing.shutdown();
    expect(collector.requests[0]?.contentType).toBe("application/x-protobuf");

    const server = collector.spans.find((s) => s.name === "POST /v1/calls/web");
    expect(server).toMatchObject({ traceId: TRACE_ID, parentSpanId: PARENT_ID, kind: 2 });
    expect(server?.attributes["http.response.status_code"]).toBe(201);
    const call = collector.spans.find((s) => s.name === "call");
    expect(call).toMatchObject({ traceId: TRACE_ID, parentSpanId: server?.spanId ?? "" });
    expect(call?.attributes["call.channel"]).toBe("web");
    expect(call?.events.map((e) => e.name)).toContain("model.first_audio");
    const request = api.logLines
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === "request" && l.path === "/v1/calls/web");
    expect(request).toMatchObject({ trace_id: TRACE_ID, span_id: server?.spanId ?? "" });

    const wati = collector.spans.find((s) => s.name === "POST /webhooks/wati/:tenantId/:token");
    expect(wati?.attributes["http.response.status_code"]).toBe(401);
    expect(wati?.traceId).not.toBe(TRACE_ID);
    expect(wati?.parentSpanId).toBe("");
    expect(JSON.stringify(collector.spans)).not.toContain(WATI_TOKEN);
  }, 40_000);
});
