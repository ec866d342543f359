import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { callerRecording } from "../../test/caller-audio";
import { eventually } from "../../test/eventually";
import { MemoryMediaLeg } from "../../test/memory-media-leg";
import { RecordedCall } from "../../test/recorded-call";
import { TestTools } from "../../test/tool-call-session";
import { AgentConfigSchema, type ModelProvider } from "../domain/agent-config";
import { memoryLogger } from "../log/logger";
import { type GeminiSimulator, startGeminiSimulator } from "../models/gemini-simulator/server";
import type { SimulatorScript } from "../models/simulator/script";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";
import { modelLegFactory } from "../startup/model-legs";
import { builtinDeclarations } from "./builtin-tools";
import { CallSession } from "./call-session";
import { MonotonicFrameClock } from "./frame-clock";
import { modelSettingsFor } from "./model-settings-for-agent";

// Both simulators hear the caller's first words as "caller utterance 1", answer them with a
// check_slots call, and say the "booking" line once its output is back.
const script: Partial<SimulatorScript> = {
  toolRules: [
    {
      when: /utterance 1/,
      tool: "check_slots",
      arguments: { date: "2026-12-01" },
      thenSay: "booking",
    },
  ],
};
const pacing = { playbackSpeed: 4, firstAudioDelayMs: 20, chunkMs: 40 };
let openai: ModelSimulator;
let gemini: GeminiSimulator;
beforeAll(async () => {
  [openai, gemini] = await Promise.all([
    startModelSimulator({ pacing, script }),
    startGeminiSimulator({ pacing, script }),
  ]);
});
afterAll(() => Promise.all([openai.stop(), gemini.stop()]));

/** One agent, the same in all but its model provider, called through the gateway's leg factory. */
function callAgentOn(provider: ModelProvider) {
  const config = v.parse(AgentConfigSchema, { model: { provider } });
  const createModelLeg = modelLegFactory(
    {
      openai: { apiKey: "sk-test", baseUrl: openai.url },
      gemini: { apiKey: "gemini-test", baseUrl: gemini.url },
    },
    { connectTimeoutMs: 3000 },
  );
  const model = createModelLeg(config);
  const tools = new TestTools(async () => '{"slots":["19:00"]}');
  const declared = [...builtinDeclarations(config, {}), ...tools.declared];
  const modelConnection = model.connect(modelSettingsFor(config, {}, declared));
  modelConnection.catch(() => {});
  const media = new MemoryMediaLeg();
  const records = new RecordedCall();
  const session = new CallSession({
    id: `call_${provider}`,
    config,
    context: {},
    media,
    model,
    modelConnection,
    clock: new MonotonicFrameClock(),
    records,
    log: memoryLogger().logger,
    tools: { tenantId: "ten_test", external: tools, abilities: {} },
  });
  session.start();
  return { session, media, records, tools, model };
}

describe("one agent on either model provider", () => {
  for (const provider of ["openai", "gemini"] as const) {
    test(`on ${provider}: greets, is interrupted, hears the caller, runs a tool, answers, and counts usage`, async () => {
      const { session, media, records, tools } = callAgentOn(provider);
      media.connect();
      await eventually("the greeting to be heard", () => media.audibleMs() > 400, 8000);

      media.play(callerRecording("en-hours.wav"));
      await eventually("the barge-in", () => records.interrupted.length === 1, 8000);
      expect(session.metrics.bargeIns).toBe(1);
      const greeting = records.messages.find((m) => m.role === "assistant");
      // The line keeps what the caller heard of it.
      expect(greeting?.text).toStartWith("Hello");

      await eventually("the tool to run", () => tools.runs.length === 1, 10_000);
      expect(JSON.parse(tools.runs[0]?.args ?? "{}")).toEqual({ date: "2026-12-01" });
      await eventually(
        "the answer after the tool",
        () => records.messages.some((m) => m.text.includes("Your table is booked")),
        15_000,
      );
      expect(records.messages.find((m) => m.role === "user")?.text).toBe("caller utterance 1");
      expect(records.toolCalls.map((t) => [t.name, t.status])).toEqual([["check_slots", "ok"]]);
      await eventually("the answer to be heard", () => media.audibleMs() > 2500, 10_000);

      await session.hangUp("hung_up_by_api");
      expect(records.ended?.usage.inputTokens).toBeGreaterThan(0);
      expect(records.ended?.usage.outputAudioTokens).toBeGreaterThan(0);
      expect(records.ended?.usage.responses).toBeGreaterThanOrEqual(2);
    }, 45_000);
  }
});
