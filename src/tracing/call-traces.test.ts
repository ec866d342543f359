import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestApi } from "../../test/api-harness";
import { recordingPath } from "../../test/assets";
import { createCallerPeer } from "../../test/caller-peer";
import { eventually } from "../../test/eventually";
import { FakeGraphApi } from "../../test/fake-graph-api";
import { type CollectedSpan, startOtlpCollector } from "../../test/otlp-collector";
import {
  APP_SECRET,
  CALLER_WA_ID,
  connectBody,
  metaLine,
  postWebhook,
  terminateBody,
} from "../../test/whatsapp-line";
import { startModelSimulator } from "../models/simulator/server";
import { openTracing } from "./open-tracing";
import { noTracing, useTracing } from "./tracing";

const collector = startOtlpCollector();
const savedEnv = { ...process.env };

beforeAll(() => {
  // Read by the exporter itself, as in production.
  process.env.OTEL_EXPORTER_OTLP_HEADERS = "x-collector-key=collector-key-1";
  process.env.OTEL_SERVICE_NAME = "astra-voice-test";
});
afterAll(() => {
  useTracing(noTracing);
  for (const key of ["OTEL_EXPORTER_OTLP_HEADERS", "OTEL_SERVICE_NAME"])
    if (savedEnv[key] === undefined) delete process.env[key];
  collector.stop();
});

const byName = (spans: CollectedSpan[], name: string) => spans.filter((s) => s.name === name);

describe("traces of a WhatsApp call", () => {
  test("one trace runs from the signed webhook through the call to the model's events", async () => {
    const tracing = await openTracing(
      { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" },
      "machine-1",
      50,
    );
    useTracing(tracing);
    const sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
    const graph = new FakeGraphApi();
    const api = await startTestApi({
      modelBaseUrl: sim.url,
      graphUrl: graph.url,
      whatsappAppSecret: APP_SECRET,
    });
    const caller = await createCallerPeer({
      whatsappStyle: true,
      wavPath: recordingPath("en-hours.wav"),
    });
    try {
      const line = await metaLine(api, graph.accessToken);
      expect((await postWebhook(api, connectBody("wacid.traced", caller.offerSdp))).status).toBe(
        200,
      );
      await eventually("accept", () => graph.callActions("accept").length === 1, 10_000);
      await caller.answer(graph.callActions("accept")[0]?.body.session.sdp);
      await caller.waitForAudio(400, 10_000);
      await eventually(
        "a reply to the caller",
        () => api.logLines.some((l) => JSON.parse(l).msg === "turn"),
        20_000,
      );
      expect((await postWebhook(api, terminateBody("wacid.traced"))).status).toBe(200);
      await api.background.idle();
      await tracing.shutdown();

      const spans = collector.spans;
      const call = byName(spans, "call")[0];
      expect(call).toBeDefined();
      if (!call) return;
      const webhook = spans.find((s) => s.spanId === call.parentSpanId);
      expect(webhook?.name).toBe("POST /webhooks/whatsapp");
      expect(webhook?.kind).toBe(2); // SERVER
      expect(webhook?.attributes["http.route"]).toBe("/webhooks/whatsapp");
      expect(webhook?.attributes["http.response.status_code"]).toBe(200);
      expect(call.traceId).toBe(webhook?.traceId ?? "");
      expect(call.attributes).toMatchObject({
        "call.channel": "whatsapp_cloud",
        "call.direction": "inbound",
        "tenant.id": line.tenantId,
        "agent.id": line.agentId,
        "call.end_reason": "caller_hung_up",
      });
      const children = spans.filter((s) => s.parentSpanId === call.spanId).map((s) => s.name);
      expect(children).toEqual(
        expect.arrayContaining(["call.admission", "media.answer", "model.connect"]),
      );
      expect(children.some((name) => name.startsWith("after_call."))).toBe(true);
      const events = call.events.map((e) => e.name);
      expect(events[0]).toBe("model.session_ready");
      for (const name of ["model.response_created", "model.first_audio", "model.response_done"])
        expect(events).toContain(name);
      expect(events.indexOf("model.first_audio")).toBeGreaterThan(
        events.indexOf("model.response_created"),
      );
      expect(call.resource["service.name"]).toBe("astra-voice-test");
      expect(call.resource["service.instance.id"]).toBe("machine-1");
      expect(collector.requests[0]?.headers.get("x-collector-key")).toBe("collector-key-1");

      // The log lines of the webhook and of the call carry the trace's id.
      const lines = api.logLines.map((l) => JSON.parse(l));
      const traced = (msg: string) => lines.find((l) => l.msg === msg);
      expect(traced("webhook event")).toMatchObject({ trace_id: call.traceId });
      expect(traced("call started")).toMatchObject({
        trace_id: call.traceId,
        span_id: call.spanId,
      });
      expect(traced("turn")).toMatchObject({ trace_id: call.traceId });
      expect(traced("call ended")).toMatchObject({ trace_id: call.traceId });

      // Nothing exported names the caller or carries a secret.
      const exported = JSON.stringify(spans);
      for (const secret of [CALLER_WA_ID, APP_SECRET, graph.accessToken, line.key])
        expect(exported).not.toContain(secret);
    } finally {
      caller.close();
      await api.close();
      graph.stop();
      sim.stop();
    }
  }, 60_000);
});
