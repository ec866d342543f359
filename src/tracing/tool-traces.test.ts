import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eventually } from "../../test/eventually";
import { startOtlpCollector } from "../../test/otlp-collector";
import { callerSpeaks, startToolCall, TestTools } from "../../test/tool-call-session";
import { ToolFailure } from "../calls/tool-port";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";
import { openTracing } from "./open-tracing";

const collector = startOtlpCollector();
let sim: ModelSimulator;
beforeAll(async () => {
  sim = await startModelSimulator({
    pacing: { playbackSpeed: 4, firstAudioDelayMs: 20, chunkMs: 40 },
    script: {
      toolRules: [
        {
          when: /utterance 1/,
          tool: "check_slots",
          arguments: { date: "2026-12-01", name: "Ana Silva" },
          thenSay: "booking",
        },
      ],
    },
  });
});
afterAll(() => {
  sim.stop();
  collector.stop();
});

describe("a call's trace", () => {
  test("tool runs are spans under the call with the tool's name and outcome, never its arguments", async () => {
    const tracing = await openTracing(
      { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" },
      "m-3",
      50,
    );
    const outcomes = {
      ok: async () => '{"slots":["10:00","11:30"]}',
      failing: async (): Promise<string> => {
        throw new ToolFailure("http_status", "the service answered HTTP 503");
      },
    };
    for (const [kind, behave] of Object.entries(outcomes)) {
      const trace = tracing.startCall({
        channel: "web",
        direction: "inbound",
        tenantId: "ten_test",
        agentId: kind,
      });
      const call = startToolCall(sim, {
        tools: new TestTools(behave),
        watchModel: (model) => trace.watchModel(model),
      });
      await callerSpeaks(call);
      await eventually(
        "the reply after the tool",
        () => call.records.messages.some((m) => m.role === "assistant"),
        15_000,
      );
      await call.session.hangUp("hung_up_by_api");
      trace.end("hung_up_by_api");
    }
    await tracing.shutdown();

    const spans = collector.spans;
    for (const [agent, outcome, statusCode] of [
      ["ok", "ok", 0],
      ["failing", "error", 2],
    ] as const) {
      const call = spans.find((s) => s.name === "call" && s.attributes["agent.id"] === agent);
      const children = spans.filter((s) => s.parentSpanId === call?.spanId);
      const tool = children.find((s) => s.name === "tool check_slots");
      expect(tool?.attributes).toEqual({ "tool.name": "check_slots", "tool.outcome": outcome });
      expect(tool?.statusCode).toBe(statusCode);
      expect(children.find((s) => s.name === "model.connect")?.attributes).toEqual({
        "model.attempt": 1,
      });
      const events = call?.events.map((e) => e.name) ?? [];
      expect(events).toContain("caller.speech_started");
      expect(events.filter((e) => e === "model.response_done").length).toBeGreaterThanOrEqual(2);
    }
    const exported = JSON.stringify(spans);
    for (const secret of ["Ana Silva", "2026-12-01", "11:30", "HTTP 503"])
      expect(exported).not.toContain(secret);
  }, 60_000);
});
