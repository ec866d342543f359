import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { callerRecording } from "../../test/caller-audio";
import { eventually } from "../../test/eventually";
import { MemoryMediaLeg } from "../../test/memory-media-leg";
import { RecordedCall } from "../../test/recorded-call";
import { defaultAgentConfig } from "../domain/agent-config";
import { memoryLogger } from "../log/logger";
import { createOpenAIModelLeg } from "../models/openai/create-openai-model-leg";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";
import { CallSession } from "./call-session";
import { MonotonicFrameClock } from "./frame-clock";
import type { KnowledgePassage } from "./knowledge-port";
import { KnowledgeTurns } from "./knowledge-turns";
import { modelSettingsFor } from "./model-settings-for-agent";

const PASSAGE: KnowledgePassage = {
  collectionId: "kbc_1",
  documentId: "kbd_1",
  title: "Opening hours",
  text: "The clinic is open Monday to Friday from 8 am to 6 pm, and Saturdays until noon.",
  score: 0.9,
};

/** A model that only notes what it is asked, in order. */
function notingModel() {
  const asked: string[] = [];
  return {
    asked,
    addContext: (text: string) => asked.push(`context: ${text}`),
    createResponse: () => asked.push("response"),
  };
}

function turns(
  search: (query: string, signal: AbortSignal) => Promise<KnowledgePassage[]>,
  model = notingModel(),
) {
  const outcomes: Array<{ found: number; late: boolean; failed: boolean }> = [];
  const knowledge = new KnowledgeTurns({
    model,
    search,
    budgetMs: 100,
    transcriptWaitMs: 150,
    searched: (o) => outcomes.push(o),
  });
  return { knowledge, model, outcomes };
}

describe("knowledge on each caller turn", () => {
  test("passages found within the budget reach the model before its reply", async () => {
    const queries: string[] = [];
    const { knowledge, model } = turns(async (query) => {
      queries.push(query);
      return [PASSAGE];
    });
    knowledge.speechStopped("item_1");
    knowledge.transcript("item_1", "When are you open on Saturday?");
    await eventually("the reply", () => model.asked.includes("response"));
    expect(queries).toEqual(["When are you open on Saturday?"]);
    expect(model.asked).toHaveLength(2);
    expect(model.asked[0]).toContain("Saturdays until noon");
    expect(model.asked[1]).toBe("response");
  });

  test("a search slower than its budget is dropped and never holds the reply", async () => {
    let aborted = false;
    const { knowledge, model, outcomes } = turns(
      (_, signal) =>
        new Promise((resolve) => {
          signal.addEventListener("abort", () => {
            aborted = true;
          });
          setTimeout(() => resolve([PASSAGE]), 1000);
        }),
    );
    knowledge.speechStopped("item_1");
    knowledge.transcript("item_1", "Do you take walk-ins?");
    await eventually("the reply", () => model.asked.includes("response"), 2000);
    expect(model.asked).toEqual(["response"]);
    expect(aborted).toBe(true);
    expect(outcomes).toEqual([expect.objectContaining({ found: 0, late: true, failed: false })]);
    await Bun.sleep(1100);
    expect(model.asked).toEqual(["response"]);
  });

  test("a failing search, or a transcript that never comes, still gets the caller a reply", async () => {
    const failing = turns(async () => {
      throw new Error("index unavailable");
    });
    failing.knowledge.speechStopped("item_1");
    failing.knowledge.transcript("item_1", "Hello?");
    await eventually("the reply", () => failing.model.asked.includes("response"));
    expect(failing.model.asked).toEqual(["response"]);
    expect(failing.outcomes[0]?.failed).toBe(true);

    const silent = turns(async () => [PASSAGE]);
    silent.knowledge.speechStopped("item_2");
    await eventually("the reply without words", () => silent.model.asked.includes("response"));
    expect(silent.model.asked).toEqual(["response"]);
  });

  test("noise transcribed as nothing is answered at once, without a search", async () => {
    let searched = 0;
    const { knowledge, model } = turns(async () => {
      searched++;
      return [PASSAGE];
    });
    knowledge.speechStopped("item_1");
    knowledge.transcript("item_1", "  ");
    expect(model.asked).toEqual(["response"]);
    expect(searched).toBe(0);
  });

  test("when the caller talks on before the reply, only their last pause is answered", async () => {
    const { knowledge, model } = turns(async () => [PASSAGE]);
    knowledge.speechStopped("item_1");
    knowledge.speechStarted();
    knowledge.transcript("item_1", "I wanted to ask");
    knowledge.speechStopped("item_2");
    knowledge.transcript("item_2", "about Saturday");
    await eventually("the reply", () => model.asked.includes("response"));
    await Bun.sleep(200);
    expect(model.asked.filter((a) => a === "response")).toHaveLength(1);
  });
});

describe("knowledge on each caller turn, in a call", () => {
  let sim: ModelSimulator;
  beforeAll(async () => {
    sim = await startModelSimulator({
      pacing: { playbackSpeed: 4, firstAudioDelayMs: 20, chunkMs: 40 },
      recordClientEvents: true,
    });
  });
  afterAll(() => sim.stop());

  test("the caller's question is searched and the reply comes after the passages", async () => {
    const config = defaultAgentConfig();
    const model = createOpenAIModelLeg({ apiKey: "sk-test", baseUrl: sim.url });
    const queries: string[] = [];
    const knowledgeTurns = new KnowledgeTurns({
      model,
      search: async (query) => {
        queries.push(query);
        return [PASSAGE];
      },
      budgetMs: 300,
      transcriptWaitMs: 1500,
    });
    const settings = modelSettingsFor(config, {}, [], undefined, { respondsAfterRetrieval: true });
    expect(settings.turnDetection).toMatchObject({ createResponse: false });
    const modelConnection = model.connect(settings);
    const media = new MemoryMediaLeg();
    const records = new RecordedCall();
    const session = new CallSession({
      id: "call_knowledge",
      config,
      context: {},
      media,
      model,
      modelConnection,
      clock: new MonotonicFrameClock(),
      records,
      log: memoryLogger().logger,
      knowledgeTurns,
    });
    session.start();
    media.connect();
    await eventually(
      "the greeting",
      () => records.messages.some((m) => m.role === "assistant"),
      8000,
    );
    media.play(callerRecording("en-hours.wav"));
    await eventually(
      "the answer",
      () => records.messages.filter((m) => m.role === "assistant").length === 2,
      15_000,
    );
    expect(queries).toHaveLength(1);
    const sent = sim.clientEvents.map((e) => e.event);
    const note = sent.findIndex(
      (e) => e.type === "conversation.item.create" && JSON.stringify(e).includes("until noon"),
    );
    const reply = sent.findLastIndex((e) => e.type === "response.create");
    expect(note).toBeGreaterThan(-1);
    expect(reply).toBeGreaterThan(note);
    await session.hangUp("hung_up_by_api");
  }, 30_000);
});
