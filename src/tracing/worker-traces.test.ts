import { afterAll, expect, test } from "bun:test";
import { startTestApi } from "../../test/api-harness";
import { callerRecording } from "../../test/caller-audio";
import { CallerPeer } from "../../test/caller-peer";
import { eventually, until } from "../../test/eventually";
import { startOtlpCollector } from "../../test/otlp-collector";
import { startModelSimulator } from "../models/simulator/server";
import { openTracing } from "./open-tracing";
import { noTracing, useTracing } from "./tracing";

// A call whose model leg runs on a call worker thread is traced as one on the main thread: the
// model's connect as a span, its events on the call span, its tool runs as spans.
const collector = startOtlpCollector();
const sim = await startModelSimulator({
  pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 },
  script: {
    toolRules: [
      {
        when: /utterance 1/,
        tool: "check_slots",
        arguments: { date: "2026-12-01", patient: "Ana Silva" },
        thenSay: "booking",
      },
    ],
  },
});
const service = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: () => Response.json({ free: ["10:00", "11:30"] }),
});
afterAll(() => {
  useTracing(noTracing);
  collector.stop();
  service.stop(true);
  sim.stop();
});

test("a call on a worker thread traces its model's connect, events and tool runs", async () => {
  const tracing = await openTracing(
    { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" },
    "m-w",
    50,
  );
  useTracing(tracing);
  const api = await startTestApi({
    modelBaseUrl: sim.url,
    callWorkers: 2,
    allowPrivateEgress: ["127.0.0.1/32"],
  });
  const caller = new CallerPeer();
  try {
    const { key } = await api.tenantWithKey();
    const created = await api.call("POST", "/v1/agents", {
      key,
      body: {
        name: "Front desk",
        config: {
          tools: [
            {
              type: "http",
              name: "check_slots",
              description: "Free slots on a date",
              url: `http://127.0.0.1:${service.port}/slots/{date}`,
              parameters: { type: "object", properties: { date: { type: "string" } } },
            },
          ],
        },
      },
    });
    await api.call("POST", `/v1/agents/${created.body.id}/publish`, { key });
    const res = await api.call("POST", "/v1/calls/web", {
      key,
      body: { agentId: created.body.id, sdp: await caller.offer() },
    });
    expect(res.status).toBe(201);
    const callId = res.body.callId as string;
    await caller.answer(res.body.sdp);
    await eventually("the greeting to be heard", () => caller.audibleMs() > 800, 10_000);
    caller.play(callerRecording("en-hours.wav"));
    const roles = async () =>
      ((await api.call("GET", `/v1/conversations/${callId}`, { key })).body.messages ?? []).map(
        (m: { role: string }) => m.role,
      ) as string[];
    await until("the answer after the tool", async () => (await roles()).length >= 4, 30_000);
    expect(await roles()).toEqual(["assistant", "user", "tool", "assistant"]);
    expect((await api.call("DELETE", `/v1/calls/${callId}`, { key })).status).toBe(204);
    await api.background.idle();
    await tracing.shutdown();

    const spans = collector.spans;
    const call = spans.find((s) => s.name === "call");
    // It ran on a worker, whose lines about the call carry the call's trace.
    const onWorker = api.logLines
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === "call runs on a call worker");
    expect(onWorker).toMatchObject({ callId, trace_id: call?.traceId, span_id: call?.spanId });
    expect(call?.attributes["call.end_reason"]).toBe("hung_up_by_api");
    const children = spans.filter((s) => s.parentSpanId === call?.spanId);
    expect(children.find((s) => s.name === "model.connect")?.attributes).toEqual({
      "model.attempt": 1,
    });
    const tool = children.find((s) => s.name === "tool check_slots");
    expect(tool?.attributes).toEqual({ "tool.name": "check_slots", "tool.outcome": "ok" });
    const events = call?.events.map((e) => e.name) ?? [];
    expect(events[0]).toBe("model.session_ready");
    for (const name of [
      "model.response_created",
      "model.first_audio",
      "model.response_done",
      "caller.speech_started",
    ])
      expect(events).toContain(name);
    expect(JSON.stringify(spans)).not.toContain("Ana Silva");
  } finally {
    caller.close();
    await api.close();
  }
}, 60_000);
