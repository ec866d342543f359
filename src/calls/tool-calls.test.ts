import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { callerRecording } from "../../test/caller-audio";
import { eventually } from "../../test/eventually";
import { MemoryMediaLeg } from "../../test/memory-media-leg";
import { RecordedCall } from "../../test/recorded-call";
import { type AgentConfig, defaultAgentConfig } from "../domain/agent-config";
import type { ToolConfig } from "../domain/agent-tools";
import { memoryLogger } from "../log/logger";
import type { ToolSpec } from "../models/model-settings";
import { createOpenAIModelLeg } from "../models/openai/create-openai-model-leg";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";
import { builtinDeclarations, type CallAbilities } from "./builtin-tools";
import { CallSession } from "./call-session";
import { MonotonicFrameClock } from "./frame-clock";
import type { KnowledgeSearch } from "./knowledge-port";
import { modelSettingsFor } from "./model-settings-for-agent";
import { type Toolbox, ToolFailure } from "./tool-port";

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
        ["switch_language", { language: "es" }],
        ["switch_accent", { accent: "en-GB" }],
        ["lookup_knowledge", { query: "opening hours" }],
        ["transfer_call", { reason: "wants a person" }],
        ["send_whatsapp_message", { text: "Your booking: Friday 10:00" }],
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

const CHECK_SLOTS: ToolSpec = {
  name: "check_slots",
  description: "Free appointment slots on a date",
  parameters: { type: "object", properties: { date: { type: "string" } } },
};

/** A toolbox run by the test: it sees every run and decides how each one goes. */
class TestTools implements Toolbox {
  readonly declared = [CHECK_SLOTS];
  readonly runs: Array<{ name: string; args: string; signal: AbortSignal }> = [];
  closed = false;
  constructor(
    private readonly behave: (signal: AbortSignal) => Promise<string>,
    private readonly timeout = 2000,
  ) {}
  async listed() {
    return this.declared;
  }
  timeoutMs(name: string) {
    return name === "check_slots" ? this.timeout : undefined;
  }
  run(name: string, args: string, signal: AbortSignal) {
    this.runs.push({ name, args, signal });
    return this.behave(signal);
  }
  async close() {
    this.closed = true;
  }
}

function configWith(tools: ToolConfig[]): AgentConfig {
  const config = defaultAgentConfig();
  config.greeting.mode = "none";
  config.tools = tools;
  return config;
}

function startCall(options: {
  config?: AgentConfig;
  tools?: Toolbox;
  abilities?: CallAbilities;
  knowledge?: KnowledgeSearch;
  cue?: Int16Array;
}) {
  const config = options.config ?? configWith([]);
  const abilities = options.abilities ?? {};
  const model = createOpenAIModelLeg({
    apiKey: "sk-test",
    baseUrl: sim.url,
    connectTimeoutMs: 1500,
    backoff: { maxAttempts: 0 },
  });
  const declared = [...builtinDeclarations(config, abilities), ...(options.tools?.declared ?? [])];
  const modelConnection = model.connect(modelSettingsFor(config, {}, declared));
  modelConnection.catch(() => {});
  const records = new RecordedCall();
  const log = memoryLogger();
  const media = new MemoryMediaLeg(2);
  const session = new CallSession({
    id: "call_tools",
    config,
    context: {},
    media,
    model,
    modelConnection,
    clock: new MonotonicFrameClock(),
    records,
    log: log.logger,
    tools: {
      tenantId: "ten_test",
      external: options.tools,
      knowledge: options.knowledge,
      abilities,
      cue: options.cue,
    },
  });
  const eventsBefore = sim.clientEvents.length;
  /** What this call sent the model after it started. */
  const sent = () => sim.clientEvents.slice(eventsBefore).map((e) => e.event);
  session.start();
  media.connect();
  return { session, media, records, log, sent, modelConnection };
}

/** The caller says something once the model is listening; the tool call follows its end. */
async function callerSpeaks(call: ReturnType<typeof startCall>) {
  await call.modelConnection;
  call.media.play(callerRecording("en-hours.wav"));
}

const toolOutputs = (sent: ReturnType<ReturnType<typeof startCall>["sent"]>) =>
  sent.flatMap((e) =>
    e.type === "conversation.item.create" && e.item.type === "function_call_output"
      ? [e.item.output]
      : [],
  );

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

describe("built-in tools", () => {
  test("switch_language: transcription and guidance change mid-call, and the record says so", async () => {
    const call = startCall({ config: configWith([{ type: "builtin", name: "switch_language" }]) });
    await callerSpeaks(call);
    await eventually(
      "the reply after the switch",
      () => call.records.messages.some((m) => m.role === "assistant"),
      15_000,
    );
    const updates = call.sent().flatMap((e) => (e.type === "session.update" ? [e.session] : []));
    const last = updates.at(-1) as { instructions?: string; audio?: any };
    expect(last.audio?.input?.transcription?.language).toBe("es");
    expect(last.instructions).toContain("Always speak Spanish");
    expect(call.records.events).toEqual([
      { kind: "language_switched", detail: { from: "en", to: "es" } },
    ]);
    expect(toolOutputs(call.sent())).toEqual(['{"ok":true,"language":"es"}']);
    await call.session.hangUp("hung_up_by_api");
  }, 30_000);

  test("switch_accent: the accent (and its language) guide the rest of the call", async () => {
    const call = startCall({ config: configWith([{ type: "builtin", name: "switch_accent" }]) });
    await callerSpeaks(call);
    await eventually("the switch's output", () => toolOutputs(call.sent()).length > 0, 15_000);
    const updates = call.sent().flatMap((e) => (e.type === "session.update" ? [e.session] : []));
    const last = updates.at(-1) as { instructions?: string; audio?: any };
    expect(last.instructions).toMatch(/Speak with a .*British.* accent/);
    expect(last.audio?.input?.transcription?.language).toBe("en");
    expect(call.records.events).toEqual([
      { kind: "accent_switched", detail: { from: null, to: "en-GB" } },
    ]);
    await call.session.hangUp("hung_up_by_api");
  }, 30_000);

  test("lookup_knowledge asks the knowledge port and gives the model what it found", async () => {
    const asked: Array<{ tenantId: string; collectionIds: string[]; query: string }> = [];
    const knowledge: KnowledgeSearch = {
      async search(request) {
        asked.push(request);
        return [
          {
            collectionId: "col_1",
            documentId: "doc_1",
            title: "Hours",
            text: "Open from nine to five.",
            score: 0.9,
          },
        ];
      },
    };
    const config = configWith([
      { type: "builtin", name: "lookup_knowledge", collectionIds: ["col_1"] },
    ]);
    const call = startCall({ config, knowledge });
    await callerSpeaks(call);
    await eventually("the lookup's output", () => toolOutputs(call.sent()).length > 0, 15_000);
    expect(asked).toEqual([
      expect.objectContaining({
        tenantId: "ten_test",
        collectionIds: ["col_1"],
        query: "opening hours",
        limit: 4,
      }),
    ]);
    expect(JSON.parse(toolOutputs(call.sent())[0] ?? "")).toEqual({
      passages: [{ title: "Hours", text: "Open from nine to five." }],
    });
    await call.session.hangUp("hung_up_by_api");
  }, 30_000);

  test("transfer_call on a call that cannot transfer: the model is told to offer a callback", async () => {
    const config = configWith([{ type: "builtin", name: "transfer_call", target: "+15550001" }]);
    const call = startCall({ config });
    await callerSpeaks(call);
    await eventually("the transfer's output", () => toolOutputs(call.sent()).length > 0, 15_000);
    const output = JSON.parse(toolOutputs(call.sent())[0] ?? "");
    expect(output.transferred).toBe(false);
    expect(output.instead).toContain("callback");
    await call.session.hangUp("hung_up_by_api");
  }, 30_000);

  test("send_whatsapp_message texts the caller through the channel; other calls never offer it", async () => {
    const config = configWith([{ type: "builtin", name: "send_whatsapp_message" }]);
    expect(builtinDeclarations(config, {})).toEqual([]);
    const texts: string[] = [];
    const call = startCall({
      config,
      abilities: {
        sendText: async (text) => {
          texts.push(text);
        },
      },
    });
    await callerSpeaks(call);
    await eventually("the message's output", () => toolOutputs(call.sent()).length > 0, 15_000);
    expect(texts).toEqual(["Your booking: Friday 10:00"]);
    expect(toolOutputs(call.sent())).toEqual(['{"sent":true}']);
    await call.session.hangUp("hung_up_by_api");
  }, 30_000);
});
