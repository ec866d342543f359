import { afterEach, describe, expect, test } from "bun:test";
import { concat, inFrames, recordingAt24k, silence } from "../../../test/caller-audio";
import { eventually } from "../../../test/eventually";
import { LegRecorder } from "../../../test/leg-recorder";
import { testSettings } from "../../../test/model-test-settings";
import { memoryLogger } from "../../log/logger";
import type { ModelLeg } from "../model-leg";
import type { ModelSettings } from "../model-settings";
import {
  type ModelSimulator,
  type ModelSimulatorOptions,
  startModelSimulator,
} from "../simulator/server";
import { loadVoiceLines } from "../simulator/voice-lines";
import { createOpenAIModelLeg } from "./create-openai-model-leg";

const FAST = { playbackSpeed: 50, firstAudioDelayMs: 0, chunkMs: 60 };
const open: { sim: ModelSimulator; leg: ModelLeg }[] = [];

async function setup(
  simOptions: ModelSimulatorOptions = {},
  settings: Partial<ModelSettings> = {},
) {
  const sim = await startModelSimulator({ pacing: FAST, recordClientEvents: true, ...simOptions });
  const leg = createOpenAIModelLeg({
    apiKey: "sk-test-key",
    baseUrl: sim.url,
    logger: memoryLogger().logger,
  });
  open.push({ sim, leg });
  const rec = new LegRecorder(leg);
  await leg.connect(testSettings(settings));
  return { sim, leg, rec };
}

afterEach(async () => {
  for (const { sim, leg } of open.splice(0)) {
    await leg.close();
    await sim.stop();
  }
});

/** A caller saying one sentence, then a second of silence so the turn ends. */
const hoursQuestion = () => concat(recordingAt24k("en-hours.wav"), silence(1000));

describe("OpenAI model leg against the simulator", () => {
  test("connect sends a GA session.update built from the settings, with bearer auth only", async () => {
    const { sim } = await setup(
      {},
      {
        speed: 1.1,
        noiseReduction: "far_field",
        transcription: {
          model: "gpt-4o-transcribe",
          language: "en",
          prompt: "Bookings",
          logprobs: true,
        },
        turnDetection: {
          type: "server_vad",
          threshold: 0.6,
          prefixPaddingMs: 200,
          silenceDurationMs: 400,
          idleTimeoutMs: 8000,
          createResponse: true,
          interruptResponse: false,
        },
        tools: [
          {
            name: "book_table",
            description: "Book a table",
            parameters: { type: "object", properties: { people: { type: "number" } } },
          },
        ],
        toolChoice: "auto",
      },
    );
    expect(sim.handshakes).toEqual([
      { authorization: "Bearer sk-test-key", openaiBeta: null, model: "gpt-realtime" },
    ]);
    const update = await eventually("session.update", () => sim.clientEvents[0]?.event);
    expect(update).toEqual({
      type: "session.update",
      session: {
        type: "realtime",
        instructions: testSettings().instructions,
        output_modalities: ["audio"],
        audio: {
          input: {
            format: { type: "audio/pcm", rate: 24000 },
            turn_detection: {
              type: "server_vad",
              threshold: 0.6,
              prefix_padding_ms: 200,
              silence_duration_ms: 400,
              idle_timeout_ms: 8000,
              create_response: true,
              interrupt_response: false,
            },
            transcription: { model: "gpt-4o-transcribe", language: "en", prompt: "Bookings" },
            noise_reduction: { type: "far_field" },
          },
          output: { format: { type: "audio/pcm", rate: 24000 }, voice: "marin", speed: 1.1 },
        },
        tools: [
          {
            type: "function",
            name: "book_table",
            description: "Book a table",
            parameters: { type: "object", properties: { people: { type: "number" } } },
          },
        ],
        tool_choice: "auto",
        include: ["item.input_audio_transcription.logprobs"],
      },
    });
  });

  test("a greeting arrives as 24 kHz audio with its transcript, complete and in order", async () => {
    const { leg, rec } = await setup();
    leg.createResponse({ instructions: "Greet the caller" });
    const done = await rec.waitFor("responseDone");
    const greeting = (await loadVoiceLines()).get("greeting");
    const chunks = rec.all("audio");
    const samples = chunks.reduce((n, c) => n + c.pcm.length, 0);
    expect(samples).toBe(greeting?.pcm.length ?? -1);
    expect(new Set(chunks.map((c) => c.responseId))).toEqual(new Set([done.responseId]));
    expect(rec.all("assistantTranscriptDone")[0]?.transcript).toBe(greeting?.text ?? "");
    expect(done.status).toBe("completed");
  });

  test("caller speech gives speech events, a transcript and a spoken reply", async () => {
    const { sim, leg, rec } = await setup();
    const audio = hoursQuestion();
    inFrames(audio, (frame) => leg.sendAudio(frame));
    await rec.waitFor("responseDone");
    const started = rec.all("speechStarted")[0];
    const stopped = rec.all("speechStopped")[0];
    expect(started && stopped && stopped.audioEndMs > started.audioStartMs).toBe(true);
    expect(started?.itemId).toBe(stopped?.itemId ?? "");
    const transcript = rec.all("userTranscript").find((t) => t.kind === "completed");
    expect(transcript).toMatchObject({ itemId: started?.itemId, text: "caller utterance 1" });
    expect(rec.all("audio").length).toBeGreaterThan(0);
    expect(rec.timeline().filter((n) => n !== "userTranscript" && n !== "connectionState")).toEqual(
      [
        "speechStarted",
        "speechStopped",
        "inputCommitted",
        "responseCreated",
        "audioDone",
        "assistantTranscriptDone",
        "responseDone",
      ],
    );
    expect(sim.appendedSamples).toBe(audio.length);
  });

  test("transcripts carry token log-probabilities when asked for", async () => {
    const transcription = { model: "gpt-4o-transcribe", logprobs: true };
    const { leg, rec } = await setup({}, { transcription });
    inFrames(hoursQuestion(), (frame) => leg.sendAudio(frame));
    await rec.waitFor("responseDone");
    const done = rec.all("userTranscript").find((t) => t.kind === "completed");
    // As the service sends them: word tokens carry their leading space.
    expect(done?.logprobs?.map((p) => p.token)).toEqual(["caller", " utterance", " 1"]);
    expect(done?.logprobs?.every((p) => p.logprob <= 0)).toBe(true);
  });

  test("a second createResponse during an active response is queued, never an error", async () => {
    const { sim, leg, rec } = await setup({ pacing: { ...FAST, playbackSpeed: 8 } });
    leg.createResponse({ instructions: "first" });
    await rec.waitFor("responseCreated");
    leg.createResponse({ instructions: "second" });
    await rec.waitFor("responseDone", 2);
    expect(rec.all("error")).toEqual([]);
    const creates = sim.clientEvents.filter((e) => e.event.type === "response.create");
    expect(
      creates.map((e) => e.event.type === "response.create" && e.event.response?.instructions),
    ).toEqual(["first", "second"]);
    expect(rec.timeline().filter((n) => n.startsWith("response"))).toEqual([
      "responseCreated",
      "responseDone",
      "responseCreated",
      "responseDone",
    ]);
  });

  test("interrupting truncates to the audio received at most, and the server accepts it", async () => {
    const { leg, rec } = await setup({ pacing: { ...FAST, playbackSpeed: 2 } });
    leg.createResponse();
    await rec.waitFor("audio", 3);
    const itemId = rec.all("audio")[0]?.itemId ?? "";
    const cut = leg.interrupt({ reason: "client", played: { itemId, audioEndMs: 60_000 } });
    const receivedMs = rec.all("audio").reduce((n, c) => n + c.pcm.length, 0) / 24;
    expect(cut).not.toBeNull();
    expect(cut ?? Infinity).toBeLessThanOrEqual(receivedMs);
    expect(await rec.waitFor("truncated")).toEqual({ itemId, audioEndMs: cut ?? -1 });
    expect((await rec.waitFor("responseDone")).status).toBe("cancelled");
    expect(rec.all("error")).toEqual([]);
    expect(leg.truncate("item_never_heard", 500)).toBeNull();
  });

  test("barge-in: the server cancels, the leg only truncates", async () => {
    const { sim, leg, rec } = await setup({ pacing: { ...FAST, playbackSpeed: 1 } });
    leg.createResponse();
    const first = await rec.waitFor("audio", 2);
    inFrames(hoursQuestion(), (frame) => leg.sendAudio(frame));
    await rec.waitFor("speechStarted");
    const cut = leg.interrupt({
      reason: "barge_in",
      played: { itemId: first.itemId, audioEndMs: 100 },
    });
    expect(cut).toBe(100);
    expect((await rec.waitFor("responseDone")).status).toBe("cancelled");
    await rec.waitFor("truncated");
    expect(sim.clientEvents.some((e) => e.event.type === "response.cancel")).toBe(false);
  });

  test("usage adds up over responses with cached tokens counted once", async () => {
    const { leg, rec } = await setup(
      {},
      { instructions: "Answer questions about opening hours. ".repeat(40) },
    );
    leg.createResponse();
    await rec.waitFor("responseDone");
    leg.createResponse();
    await rec.waitFor("responseDone", 2);
    const perResponse = rec.all("responseDone").map((d) => d.usage);
    const usage = leg.usage;
    expect(usage.responses).toBe(2);
    expect(usage.cachedInputTokens).toBeGreaterThan(0);
    expect(usage.inputTokens).toBe(usage.inputTextTokens + usage.inputAudioTokens);
    expect(usage.totalTokens).toBe(usage.inputTokens + usage.outputTokens);
    expect(usage.totalTokens).toBe(perResponse.reduce((n, u) => n + u.totalTokens, 0));
  });

  test("a scripted tool call round trip: call, result, spoken answer", async () => {
    const toolRules = [
      { when: /utterance 1/, tool: "lookup_hours", arguments: { day: "monday" }, thenSay: "hours" },
      { when: /utterance 1/, tool: "undeclared_tool", arguments: {} },
    ];
    const tools = [
      { name: "lookup_hours", description: "Opening hours", parameters: { type: "object" } },
    ];
    const { sim, leg, rec } = await setup({ script: { toolRules } }, { tools });
    inFrames(hoursQuestion(), (frame) => leg.sendAudio(frame));
    const call = await rec.waitFor("toolCall");
    expect(call.name).toBe("lookup_hours");
    expect(JSON.parse(call.argumentsJson)).toEqual({ day: "monday" });
    leg.sendToolResult(call.callId, JSON.stringify({ open: "9:00-18:00" }));
    await rec.waitFor("responseDone", 2);
    const hours = (await loadVoiceLines()).get("hours");
    expect(rec.all("assistantTranscriptDone").map((t) => t.transcript)).toEqual([
      hours?.text ?? "",
    ]);
    const output = sim.clientEvents.find((e) => e.event.type === "conversation.item.create");
    expect(output?.event).toMatchObject({
      item: { type: "function_call_output", call_id: call.callId },
    });
  });
});
