import { afterEach, describe, expect, test } from "bun:test";
import { concat, inFrames, recordingAt24k, silence } from "../../../test/caller-audio";
import { eventually } from "../../../test/eventually";
import { LegRecorder } from "../../../test/leg-recorder";
import { testSettings } from "../../../test/model-test-settings";
import { memoryLogger } from "../../log/logger";
import { ModelConnectError, type ModelLeg } from "../model-leg";
import {
  type ModelSimulator,
  type ModelSimulatorOptions,
  startModelSimulator,
} from "../simulator/server";
import { createOpenAIModelLeg } from "./create-openai-model-leg";
import type { OpenAIModelLegOptions } from "./openai-model-leg";

const FAST = { playbackSpeed: 50, firstAudioDelayMs: 0, chunkMs: 60 };
const BACKOFF = { initialMs: 20, maxMs: 100, maxAttempts: 3, jitter: 0 };
const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const stop of cleanup.splice(0).reverse()) await stop();
});

async function simulator(options: ModelSimulatorOptions = {}): Promise<ModelSimulator> {
  const sim = await startModelSimulator({ pacing: FAST, recordClientEvents: true, ...options });
  cleanup.push(() => sim.stop());
  return sim;
}

function leg(
  sim: ModelSimulator,
  options: Partial<OpenAIModelLegOptions> = {},
): { leg: ModelLeg; rec: LegRecorder } {
  const created = createOpenAIModelLeg({
    apiKey: "sk-test",
    baseUrl: sim.url,
    backoff: BACKOFF,
    logger: memoryLogger().logger,
    ...options,
  });
  cleanup.push(() => created.close());
  return { leg: created, rec: new LegRecorder(created) };
}

/** A greeting, then one caller turn and its reply: three items worth re-injecting. */
async function haveAConversation(model: ModelLeg, rec: LegRecorder): Promise<void> {
  model.createResponse({ instructions: "Greet the caller" });
  await rec.waitFor("responseDone");
  inFrames(concat(recordingAt24k("en-hours.wav"), silence(1000)), (frame) =>
    model.sendAudio(frame),
  );
  await rec.waitFor("responseDone", 2);
}

function reinjected(sim: ModelSimulator, connection: number) {
  return sim.clientEvents
    .filter((e) => e.connection === connection && e.event.type === "conversation.item.create")
    .map((e) => (e.event.type === "conversation.item.create" ? e.event.item : null));
}

describe("OpenAI model leg: drops, rotation, errors, timeouts", () => {
  test("after a dropped socket it reconnects and re-injects the conversation", async () => {
    const sim = await simulator();
    const { leg: model, rec } = leg(sim);
    await model.connect(testSettings());
    await haveAConversation(model, rec);
    const [greeting, reply] = rec.all("assistantTranscriptDone").map((t) => t.transcript);
    sim.faults.dropConnections();
    const rotated = await rec.waitFor("sessionRotated");
    expect(rotated).toEqual({ reason: "reconnected", sessionNumber: 2, reinjectedItems: 3 });
    expect(rec.all("connectionState").map((s) => s.status)).toEqual([
      "connecting",
      "connected",
      "reconnecting",
      "connected",
    ]);
    await eventually("re-injected items", () => reinjected(sim, 2).length === 3);
    expect(reinjected(sim, 2)).toEqual([
      {
        type: "message",
        role: "assistant",
        content: [{ type: "output_text", text: greeting ?? "" }],
      },
      {
        type: "message",
        role: "user",
        content: [{ type: "input_text", text: "caller utterance 1" }],
      },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: reply ?? "" }] },
    ]);
    // Settings go first on the new session, and the conversation carries on there.
    expect(sim.clientEvents.find((e) => e.connection === 2)?.event.type).toBe("session.update");
    model.createResponse();
    await rec.waitFor("responseDone", 3);
    expect(rec.all("error")).toEqual([]);
  });

  test("a response asked for while the socket is down is sent once it is back", async () => {
    const sim = await simulator();
    const { leg: model, rec } = leg(sim, { backoff: { ...BACKOFF, initialMs: 200 } });
    await model.connect(testSettings());
    sim.faults.dropConnections();
    await eventually("reconnecting", () => model.state.status === "reconnecting");
    model.createResponse({ instructions: "while down" });
    const done = await rec.waitFor("responseDone");
    expect(done.status).toBe("completed");
    const create = sim.clientEvents.find((e) => e.event.type === "response.create");
    expect(create?.connection).toBe(2);
  });

  test("close code 1001 (session limit) opens a new session and re-injects", async () => {
    const sim = await simulator();
    const { leg: model, rec } = leg(sim);
    await model.connect(testSettings());
    await haveAConversation(model, rec);
    sim.faults.goAway();
    expect(await rec.waitFor("sessionRotated")).toEqual({
      reason: "server_going_away",
      sessionNumber: 2,
      reinjectedItems: 3,
    });
    const reconnecting = rec.all("connectionState").find((s) => s.status === "reconnecting");
    expect(reconnecting).toMatchObject({ attempt: 1, delayMs: 0 });
    await eventually("re-injected items", () => reinjected(sim, 2).length === 3);
  });

  test("the leg rotates on its own before the limit, waiting for the response to finish", async () => {
    const sim = await simulator({ pacing: { ...FAST, playbackSpeed: 10 } });
    const { leg: model, rec } = leg(sim, { rotateAfterMs: 100 });
    await model.connect(testSettings());
    model.createResponse(); // about 400 ms of streaming: the rotation falls due meanwhile
    const rotated = await rec.waitFor("sessionRotated");
    expect(rotated).toEqual({ reason: "session_limit", sessionNumber: 2, reinjectedItems: 1 });
    const order = rec.timeline().filter((n) => n === "responseDone" || n === "sessionRotated");
    expect(order.slice(0, 2)).toEqual(["responseDone", "sessionRotated"]);
    expect(sim.connections).toBe(2);
  });

  test("a rotation that cannot open a new session keeps the old one and tries again later", async () => {
    const sim = await simulator();
    const { leg: model, rec } = leg(sim, { rotateAfterMs: 50 });
    await model.connect(testSettings());
    sim.faults.refuseConnections(true);
    await eventually("a second refused rotation", () => sim.refusedConnections >= 2);
    expect(model.state.status).toBe("connected");
    expect(rec.all("sessionRotated")).toEqual([]);
    sim.faults.refuseConnections(false);
    const rotated = await rec.waitFor("sessionRotated");
    // Session numbers count attempts: the first session, each refused one, then this one.
    expect(rotated).toMatchObject({
      reason: "session_limit",
      sessionNumber: sim.refusedConnections + 2,
    });
  });

  test("an error event reaches the call as data, and the session goes on", async () => {
    const sim = await simulator();
    const { leg: model, rec } = leg(sim);
    await model.connect(testSettings());
    sim.faults.sendError({
      type: "server_error",
      message: "The server had an error",
      code: "server_error",
    });
    expect(await rec.waitFor("error")).toEqual({
      category: "server",
      recoverable: true,
      message: "The server had an error",
      code: "server_error",
    });
    expect(model.state.status).toBe("connected");
    model.createResponse();
    expect((await rec.waitFor("responseDone")).status).toBe("completed");
  });

  test("a model that never answers fails connect with a clear timeout", async () => {
    const sim = await simulator();
    sim.faults.stallConnections(true);
    const { leg: model } = leg(sim, { connectTimeoutMs: 200 });
    const failure = await model.connect(testSettings()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelConnectError);
    expect((failure as ModelConnectError).category).toBe("timeout");
    expect((failure as Error).message).toBe("model did not connect within 200 ms");
    expect(model.state).toMatchObject({
      status: "closed",
      error: { category: "timeout", recoverable: false },
    });
  });

  test("a refused connection or a wrong key fails connect at once", async () => {
    const sim = await simulator({ apiKey: "sk-right" });
    const wrongKey = leg(sim, { apiKey: "sk-wrong", connectTimeoutMs: 5000 }).leg;
    const failure = await wrongKey.connect(testSettings()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelConnectError);
    expect((failure as Error).message).toMatch(/model connection closed/);
    expect(sim.connections).toBe(0);
  });

  test("reconnecting gives up after the last attempt and closes with an error", async () => {
    const sim = await simulator();
    const { leg: model, rec } = leg(sim);
    await model.connect(testSettings());
    sim.faults.refuseConnections(true);
    sim.faults.dropConnections();
    const closed = await eventually("closed", () =>
      model.state.status === "closed" ? model.state : undefined,
    );
    expect(closed.error).toMatchObject({ category: "connection", recoverable: false });
    const attempts = rec.all("connectionState").filter((s) => s.status === "reconnecting");
    expect(attempts.map((s) => (s.status === "reconnecting" ? s.delayMs : -1))).toEqual([
      20, 40, 80,
    ]);
    expect(rec.all("error").at(-1)?.recoverable).toBe(false);
  });

  test("events delayed on the wire still arrive complete and in order", async () => {
    const sim = await simulator();
    const { leg: model, rec } = leg(sim);
    await model.connect(testSettings());
    sim.faults.delayEvents(30);
    model.createResponse();
    await rec.waitFor("responseDone");
    expect(rec.timeline().filter((n) => n.startsWith("response"))).toEqual([
      "responseCreated",
      "responseDone",
    ]);
    expect(rec.all("assistantTranscriptDone")).toHaveLength(1);
  });
});
