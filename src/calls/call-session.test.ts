import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { callerRecording } from "../../test/caller-audio";
import { eventually } from "../../test/eventually";
import { MemoryMediaLeg } from "../../test/memory-media-leg";
import { RecordedCall } from "../../test/recorded-call";
import { type AgentConfig, defaultAgentConfig } from "../domain/agent-config";
import { memoryLogger } from "../log/logger";
import { createOpenAIModelLeg } from "../models/openai/create-openai-model-leg";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";
import { CallSession } from "./call-session";
import { MonotonicFrameClock } from "./frame-clock";
import { modelSettingsFor } from "./model-settings-for-agent";

/** One of the simulator's recorded lines: asked to say it exactly, it plays it. */
const SIMULATOR_GOODBYE = "Thank you for calling. Goodbye!";
let sim: ModelSimulator;
beforeAll(async () => {
  sim = await startModelSimulator({
    pacing: { playbackSpeed: 4, firstAudioDelayMs: 20, chunkMs: 40 },
  });
});
afterAll(() => sim.stop());

function startCall(
  config: AgentConfig = defaultAgentConfig(),
  baseUrl = sim.url,
  media = new MemoryMediaLeg(),
  timing: { heartbeatMs?: number; connectTimeoutMs?: number } = {},
) {
  const model = createOpenAIModelLeg({
    apiKey: "sk-test",
    baseUrl,
    connectTimeoutMs: 1500,
    backoff: { maxAttempts: 0 },
  });
  const records = new RecordedCall();
  const clock = new MonotonicFrameClock();
  const modelConnection = model.connect(modelSettingsFor(config, {}, []));
  modelConnection.catch(() => {});
  const session = new CallSession({
    id: "call_test",
    config,
    context: {},
    media,
    model,
    modelConnection,
    clock,
    records,
    log: memoryLogger().logger,
    ...timing,
  });
  session.start();
  return { session, media, model, records, clock };
}

describe("a call session", () => {
  test("tells its record it is alive while it lasts, and stops when it ends", async () => {
    const { session, media, records } = startCall(defaultAgentConfig(), sim.url, undefined, {
      heartbeatMs: 50,
    });
    media.connect();
    await eventually("a few heartbeats", () => records.heartbeats.length >= 3, 5000);
    await session.hangUp("hung_up_by_api");
    const atEnd = records.heartbeats.length;
    await Bun.sleep(200);
    expect(records.heartbeats.length).toBe(atEnd);
    const times = records.heartbeats.map((at) => Date.parse(at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  test("media that never connects ends the call with connect_timeout", async () => {
    const { session, records } = startCall(defaultAgentConfig(), sim.url, undefined, {
      connectTimeoutMs: 200,
    });
    expect(await session.ended).toBe("connect_timeout");
    expect(records.ended?.reason).toBe("connect_timeout");
  });

  test("media that connects in time is not ended by the connect timeout", async () => {
    const { session, media } = startCall(defaultAgentConfig(), sim.url, undefined, {
      connectTimeoutMs: 200,
    });
    media.connect();
    await Bun.sleep(400);
    expect(session.phase).not.toBe("ended");
    await session.hangUp("hung_up_by_api");
  });

  test("greets as soon as media connects, answers the caller, and writes it all down", async () => {
    const { session, media, records, clock } = startCall();
    const greetings: number[] = [];
    session.events.on("greeting", (g) => greetings.push(g.firstAudioMs));
    media.connect();
    await eventually("the greeting to be heard", () => media.audibleMs() > 1000, 8000);
    expect(greetings).toHaveLength(1);
    expect(records.milestones).toContain("media_connected_at");
    expect(records.milestones).toContain("first_agent_audio_at");

    await eventually(
      "the greeting transcript",
      () => records.messages.some((m) => m.role === "assistant"),
      8000,
    );
    media.play(callerRecording("en-hours.wav"));
    await eventually(
      "the answer",
      () => records.messages.filter((m) => m.role === "assistant").length === 2,
      15_000,
    );
    expect(records.messages.map((m) => m.role)).toEqual(["assistant", "user", "assistant"]);
    expect(records.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(records.messages[2]?.text).toContain("open from nine");

    await session.hangUp("hung_up_by_api");
    expect(records.ended?.reason).toBe("hung_up_by_api");
    expect(records.ended?.usage.outputTokens).toBeGreaterThan(0);
    expect(records.ended?.metrics.turns).toBeGreaterThanOrEqual(2);
    expect(media.closed).toBe(true);
    expect(clock.subscribers).toBe(0);
  }, 30_000);

  test("a greeting made before media connects plays from the very first frame", async () => {
    const { session, media, model, records } = startCall();
    let greetingDone = false;
    model.on("responseDone", () => {
      greetingDone = true;
    });
    await eventually("the greeting to be generated", () => greetingDone, 8000);
    expect(media.stats().framesOut).toBe(0);
    media.connect();
    await eventually("a few frames to go out", () => media.stats().framesOut >= 10, 5000);
    const peak = (samples: Int16Array) => samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
    // An empty queue sends exact silence; the greeting's first samples are already there.
    expect(peak(media.received().subarray(0, 480))).toBeGreaterThan(0);
    expect(peak(media.received().subarray(0, 10 * 480))).toBeGreaterThan(1000);
    expect(records.milestones).toContain("first_agent_audio_at");
    await session.hangUp("hung_up_by_api");
  }, 20_000);

  test("barge-in stops the agent at once and truncates to what the caller heard", async () => {
    const { session, media, model, records } = startCall();
    const truncations: number[] = [];
    model.on("truncated", (t) => truncations.push(t.audioEndMs));
    media.connect();
    await eventually("the greeting to start", () => media.audibleMs() > 300, 8000);
    media.play(callerRecording("en-hours.wav"));
    await eventually("the barge-in", () => records.interrupted.length === 1, 8000);
    expect(session.metrics.bargeIns).toBe(1);
    // The model acknowledges the truncation a moment later.
    await eventually("the truncation to be acknowledged", () => truncations.length > 0, 5000);
    expect(truncations).toHaveLength(1);
    // The greeting lasts about 3 s; the caller cut in well before its end.
    expect(truncations[0]).toBeGreaterThan(0);
    expect(truncations[0]).toBeLessThan(2500);
    await session.hangUp("hung_up_by_api");
  }, 30_000);

  test("media that connected before the session started is noticed, stamped then, and greeted", async () => {
    const early = new MemoryMediaLeg();
    early.connect(); // as after WhatsApp's pre_accept, while the call is still being set up
    await Bun.sleep(30);
    const { session, media, records } = startCall(defaultAgentConfig(), sim.url, early);
    await eventually("the greeting to be heard", () => media.audibleMs() > 500, 8000);
    // The record has when the media came up, not when the session noticed it.
    expect(records.milestoneTimes.media_connected_at).toBe(
      new Date(early.connectedAt ?? 0).toISOString(),
    );
    await session.hangUp("hung_up_by_api");
  }, 20_000);

  test("the caller hanging up ends the call with that reason", async () => {
    const { session, media, records } = startCall();
    media.connect();
    media.hangUpFromCaller();
    expect(await session.ended).toBe("caller_hung_up");
    expect(records.ended?.reason).toBe("caller_hung_up");
  });

  test("a model that never connects ends the call with a stored reason", async () => {
    sim.faults.refuseConnections(true);
    try {
      const { session, media, records } = startCall();
      media.connect();
      expect(await session.ended).toBe("model_unavailable");
      expect(records.ended?.reason).toBe("model_unavailable");
      expect(media.closed).toBe(true);
    } finally {
      sim.faults.refuseConnections(false);
    }
  }, 10_000);

  test("silence: the agent prompts, then says goodbye and hangs up", async () => {
    const config = defaultAgentConfig();
    config.silence = {
      timeoutSeconds: 1,
      maxRetries: 1,
      promptText: "Are you there?",
      goodbyeText: "Goodbye.",
    };
    const { session, media, records } = startCall(config);
    media.connect();
    expect(await session.ended).toBe("silence_timeout");
    // Greeting, one prompt, then the goodbye: three things said, each heard in full.
    expect(records.messages.filter((m) => m.role === "assistant")).toHaveLength(3);
  }, 30_000);

  test("a shutdown cuts the agent's reply, plays its goodbye over the caller, then ends the call", async () => {
    const config = defaultAgentConfig();
    config.shutdownGoodbyeText = SIMULATOR_GOODBYE;
    const { session, media, records } = startCall(config);
    media.connect();
    await eventually("the greeting to start", () => media.audibleMs() > 300, 8000);
    const ending = session.endWithGoodbye("gateway_shutdown", 15_000);
    // The caller talks: the goodbye is not interrupted.
    media.play(callerRecording("en-hours.wav"));
    expect(await ending).toBe("gateway_shutdown");
    expect(records.ended?.reason).toBe("gateway_shutdown");
    const said = records.messages.filter((m) => m.role === "assistant");
    expect(said.at(-1)?.text).toBe(SIMULATOR_GOODBYE);
    expect(records.interrupted).toHaveLength(1);
    expect(records.interrupted[0]).toBe(said[0]?.itemId ?? "");
    expect(session.metrics.bargeIns).toBe(0);
  }, 30_000);

  test("a goodbye that takes too long is cut at its bound", async () => {
    const config = defaultAgentConfig();
    config.shutdownGoodbyeText = SIMULATOR_GOODBYE;
    const { session, media, records } = startCall(config);
    media.connect();
    await eventually("the greeting to start", () => media.audibleMs() > 300, 8000);
    expect(await session.endWithGoodbye("gateway_shutdown", 100)).toBe("gateway_shutdown");
    const said = records.messages.filter((m) => m.role === "assistant").map((m) => m.text);
    expect(said).not.toContain(SIMULATOR_GOODBYE);
  }, 30_000);

  test("the maximum call duration ends the call", async () => {
    const config = defaultAgentConfig();
    config.maxCallDurationSeconds = 1;
    const { session, media } = startCall(config);
    media.connect();
    expect(await session.ended).toBe("max_duration");
  }, 10_000);
});
