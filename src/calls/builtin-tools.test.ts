import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eventually } from "../../test/eventually";
import {
  callerSpeaks,
  configWith,
  startToolCall,
  type ToolCall,
  toolOutputs,
} from "../../test/tool-call-session";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";
import { builtinDeclarations } from "./builtin-tools";
import type { KnowledgeSearch } from "./knowledge-port";

// The simulated model calls the one built-in tool the agent has when the caller's first
// utterance ends, with these arguments.
let sim: ModelSimulator;
beforeAll(async () => {
  sim = await startModelSimulator({
    pacing: { playbackSpeed: 4, firstAudioDelayMs: 20, chunkMs: 40 },
    recordClientEvents: true,
    script: {
      toolRules: [
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

const startCall = (options: Parameters<typeof startToolCall>[1]): ToolCall =>
  startToolCall(sim, options);

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
    expect(last.instructions).toContain("Speak only Spanish");
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
    expect(last.instructions).toMatch(/with a light British English .* accent/);
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
