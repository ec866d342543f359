import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eventually } from "../../test/eventually";
import type { MemoryMediaLeg } from "../../test/memory-media-leg";
import {
  callerSpeaks,
  configWith,
  startToolCall,
  TestTools,
  type ToolCall,
  toolOutputs,
} from "../../test/tool-call-session";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";
import { ToolFailure } from "./tool-port";

// The simulated model calls a tool when the caller's first utterance ends, with these arguments;
// once the output is back it says the "booking" line.
let sim: ModelSimulator;
beforeAll(async () => {
  sim = await startModelSimulator({
    pacing: { playbackSpeed: 4, firstAudioDelayMs: 20, chunkMs: 40 },
    recordClientEvents: true,
    script: {
      toolRules: [
        ["check_slots", { date: "2026-12-01", name: "Ana Silva" }],
        ["end_call", {}],
      ].map(([tool, args]) => ({
        when: /utterance 1/,
        tool: tool as string,
        arguments: args as Record<string, unknown>,
        thenSay: "booking",
      })),
    },
  });
});
afterAll(() => sim.stop());

const startCall = (options: Parameters<typeof startToolCall>[1]): ToolCall =>
  startToolCall(sim, options);

describe("tools during a call", () => {
  test("the arguments arrive, the output reaches the model, and the record keeps both in line", async () => {
    const tools = new TestTools(async () => '{"slots":["10:00","11:30"]}');
    const call = startCall({ config: configWith([]), tools });
    await callerSpeaks(call);
    await eventually(
      "the reply after the tool",
      () => call.records.messages.some((m) => m.role === "assistant"),
      15_000,
    );
    expect(tools.runs.map((r) => [r.name, JSON.parse(r.args)])).toEqual([
      ["check_slots", { date: "2026-12-01", name: "Ana Silva" }],
    ]);
    expect(toolOutputs(call.sent())).toEqual(['{"slots":["10:00","11:30"]}']);
    expect(call.records.messages.map((m) => m.role)).toEqual(["user", "tool", "assistant"]);
    expect(call.records.messages[2]?.text).toContain("book");
    const [record] = call.records.toolCalls;
    expect(record).toMatchObject({
      name: "check_slots",
      status: "ok",
      output: '{"slots":["10:00","11:30"]}',
      error: null,
    });
    expect(JSON.parse(record?.arguments ?? "")).toEqual({ date: "2026-12-01", name: "Ana Silva" });
    expect(record?.durationMs).toBeGreaterThanOrEqual(0);
    // Arguments and output stay on the record, out of the logs.
    const logged = call.log.lines.join("\n");
    expect(logged).toContain('"tool":"check_slots"');
    expect(logged).not.toContain("Ana Silva");
    expect(logged).not.toContain("11:30");
    await call.session.hangUp("hung_up_by_api");
    expect(tools.closed).toBe(true);
  }, 30_000);

  test("a tool past its timeout: the model hears why, and the call goes on", async () => {
    const tools = new TestTools(() => new Promise<string>(() => {}), 300);
    const call = startCall({ tools });
    await callerSpeaks(call);
    await eventually(
      "the reply after the timeout",
      () => call.records.messages.some((m) => m.role === "assistant"),
      15_000,
    );
    expect(toolOutputs(call.sent())).toEqual(['{"error":"no answer within 0.3 s"}']);
    expect(call.records.toolCalls[0]).toMatchObject({ status: "timeout", output: null });
    expect(tools.runs[0]?.signal.aborted).toBe(true);
    expect(call.session.phase).toBe("active");
    await call.session.hangUp("hung_up_by_api");
  }, 30_000);

  test("a failing tool: a short message to the model, never the end of the call", async () => {
    const tools = new TestTools(async () => {
      throw new ToolFailure("http_status", "the service answered HTTP 503");
    });
    const call = startCall({ tools });
    await callerSpeaks(call);
    await eventually(
      "the reply after the failure",
      () => call.records.messages.some((m) => m.role === "assistant"),
      15_000,
    );
    expect(toolOutputs(call.sent())).toEqual(['{"error":"the service answered HTTP 503"}']);
    expect(call.records.toolCalls[0]).toMatchObject({
      status: "error",
      error: "the service answered HTTP 503",
    });
    expect(call.log.lines.join("\n")).toContain('"reason":"http_status"');
    expect(call.session.phase).toBe("active");
    await call.session.hangUp("hung_up_by_api");
  }, 30_000);

  test("the caller hanging up during a tool cancels it; the record says so before the end", async () => {
    let started = false;
    const tools = new TestTools(
      (signal) =>
        new Promise<string>((_, reject) => {
          started = true;
          signal.addEventListener("abort", () => reject(signal.reason));
        }),
      20_000,
    );
    const call = startCall({ tools });
    await callerSpeaks(call);
    await eventually("the tool to start", () => started, 15_000);
    call.media.hangUpFromCaller();
    expect(await call.session.ended).toBe("caller_hung_up");
    expect(tools.runs[0]?.signal.aborted).toBe(true);
    expect(call.records.toolCalls).toEqual([
      expect.objectContaining({
        name: "check_slots",
        status: "cancelled",
        error: "the call ended",
      }),
    ]);
    expect(call.records.ended?.reason).toBe("caller_hung_up");
    expect(toolOutputs(call.sent())).toEqual([]);
    expect(tools.closed).toBe(true);
  }, 30_000);

  test("end_call: the call ends with agent_ended once nothing is left to say", async () => {
    const call = startCall({ config: configWith([{ type: "builtin", name: "end_call" }]) });
    await callerSpeaks(call);
    expect(await call.session.ended).toBe("agent_ended");
    expect(call.records.toolCalls.map((t) => [t.name, t.status])).toEqual([["end_call", "ok"]]);
    // The result goes back without asking the model for another reply.
    expect(call.sent().filter((e) => e.type === "response.create")).toEqual([]);
  }, 30_000);
});

describe("the working-on-it cue", () => {
  // A cue the test can recognise in what the caller hears: every sample 777.
  const cue = new Int16Array(480 * 3).fill(777);
  const kinds = (media: MemoryMediaLeg) => {
    const all = media.received();
    const out: Array<"cue" | "silence" | "agent"> = [];
    for (let at = 0; at < all.length; at += 480) {
      const frame = all.subarray(at, at + 480);
      out.push(
        frame.every((s) => s === 777) ? "cue" : frame.every((s) => s === 0) ? "silence" : "agent",
      );
    }
    return out;
  };

  test("loops after a second of waiting and stops at the agent's first word", async () => {
    let framesAtToolStart = -1;
    const tools = new TestTools(() => {
      framesAtToolStart = call.media.stats().framesOut;
      return Bun.sleep(2500).then(() => "ok");
    }, 10_000);
    const call = startCall({ tools, cue });
    await callerSpeaks(call);
    await eventually(
      "the reply after the tool",
      () => call.records.messages.some((m) => m.role === "assistant"),
      20_000,
    );
    await eventually("the reply to be heard", () => call.media.audibleMs() > 500, 5000);
    await call.session.hangUp("hung_up_by_api");
    const frames = kinds(call.media);
    const firstCue = frames.indexOf("cue");
    const lastCue = frames.lastIndexOf("cue");
    expect(firstCue).toBeGreaterThan(0);
    // More than a loop of the cue: it repeats while the tool runs.
    expect(lastCue - firstCue).toBeGreaterThan(cue.length / 480);
    // A second of waiting first (100 frames of 10 ms, a few lost to timer jitter at most).
    expect(firstCue - framesAtToolStart).toBeGreaterThanOrEqual(95);
    expect(frames.slice(framesAtToolStart, firstCue).every((k) => k === "silence")).toBe(true);
    // Once the agent speaks, the cue is gone.
    const firstWord = frames.indexOf("agent", firstCue);
    expect(firstWord).toBeGreaterThan(lastCue);
    expect(frames.slice(firstWord).includes("cue")).toBe(false);
  }, 30_000);

  test("a tool quicker than a second is never heard", async () => {
    const tools = new TestTools(() => Bun.sleep(200).then(() => "ok"));
    const call = startCall({ tools, cue });
    await callerSpeaks(call);
    await eventually(
      "the reply after the tool",
      () => call.records.messages.some((m) => m.role === "assistant"),
      20_000,
    );
    await call.session.hangUp("hung_up_by_api");
    expect(kinds(call.media)).not.toContain("cue");
  }, 30_000);
});
