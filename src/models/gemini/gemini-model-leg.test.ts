import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eventually } from "../../../test/eventually";
import { testSettings } from "../../../test/model-test-settings";
import { type GeminiSimulator, startGeminiSimulator } from "../gemini-simulator/server";
import { ModelConnectError, type ModelLegEvents } from "../model-leg";
import { createGeminiModelLeg } from "./create-gemini-model-leg";

/** The setup message as the simulator received it (JSON). */
type Setup = Record<string, any>;

let sim: GeminiSimulator;
beforeAll(async () => {
  sim = await startGeminiSimulator({
    apiKey: "gemini-key",
    pacing: { playbackSpeed: 8, firstAudioDelayMs: 10, chunkMs: 40 },
  });
});
afterAll(() => sim.stop());

const geminiSettings = testSettings({
  model: "gemini-2.5-flash-native-audio-preview-09-2025",
  voice: "Kore",
  tools: [{ name: "check_slots", description: "Free slots", parameters: { type: "object" } }],
});

function leg(apiKey = "gemini-key") {
  return createGeminiModelLeg({
    apiKey,
    baseUrl: sim.url,
    connectTimeoutMs: 2000,
    backoff: { maxAttempts: 0 },
  });
}

describe("the Gemini Live leg", () => {
  test("sets the session up from the agent's settings and sends caller audio at 16 kHz", async () => {
    const before = sim.setups.length;
    const model = leg();
    await model.connect(geminiSettings);
    model.sendAudio(new Int16Array(480)); // 20 ms at 24 kHz
    await eventually("the audio to arrive", () => sim.inputMimes.size > 0, 3000);
    expect([...sim.inputMimes]).toEqual(["audio/pcm;rate=16000"]);
    const setup = sim.setups[before] as Setup;
    expect(setup.model).toBe("models/gemini-2.5-flash-native-audio-preview-09-2025");
    expect(setup.systemInstruction.parts[0].text).toBe(geminiSettings.instructions);
    expect(setup.generationConfig.speechConfig.voiceConfig.prebuiltVoiceConfig.voiceName).toBe(
      "Kore",
    );
    expect(setup.tools[0].functionDeclarations.map((d: { name: string }) => d.name)).toEqual([
      "check_slots",
    ]);
    expect(setup.realtimeInputConfig.automaticActivityDetection.silenceDurationMs).toBe(500);
    expect(setup.realtimeInputConfig.activityHandling).toBe("START_OF_ACTIVITY_INTERRUPTS");
    expect(setup.inputAudioTranscription).toEqual({});
    expect(setup.outputAudioTranscription).toEqual({});
    expect(model.capabilities.truncation).toBe(false);
    await model.close();
  });

  test("a reply streams 24 kHz audio and its transcript, then ends with its usage", async () => {
    const model = leg();
    const audio: number[] = [];
    const done: ModelLegEvents["responseDone"][0][] = [];
    let transcript = "";
    model.on("audio", (chunk) => audio.push(chunk.pcm.length));
    model.on("assistantTranscriptDone", (t) => {
      transcript = t.transcript;
    });
    model.on("responseDone", (info) => done.push(info));
    await model.connect(geminiSettings);
    model.createResponse({ instructions: "Greet the caller." });
    await eventually("the reply to end", () => done.length === 1, 8000);
    const seconds = audio.reduce((a, b) => a + b, 0) / 24000;
    expect(seconds).toBeGreaterThan(2); // the greeting line is about 3 s long
    expect(transcript).toBe("Hello, thanks for calling. How can I help you today?");
    expect(done[0]?.status).toBe("completed");
    expect(done[0]?.usage.outputAudioTokens).toBe(Math.round((seconds * 1000) / 40));
    expect(model.usage.totalTokens).toBe(done[0]?.usage.totalTokens ?? -1);
    await model.close();
  });

  test("new settings move to a new session resumed from the last handle", async () => {
    const model = leg();
    const done: string[] = [];
    model.on("responseDone", (info) => done.push(info.status));
    await model.connect(geminiSettings);
    model.createResponse({ instructions: "Greet the caller." });
    await eventually("the greeting", () => done.length === 1, 8000);
    const setupsBefore = sim.setups.length;
    model.updateSession({ instructions: "Now speak Portuguese." });
    await eventually("a new setup", () => sim.setups.length === setupsBefore + 1, 3000);
    const setup = sim.setups.at(-1) as Setup;
    expect(setup.systemInstruction.parts[0].text).toBe("Now speak Portuguese.");
    expect(setup.sessionResumption.handle).toStartWith("sim-handle-");
    await eventually("connected again", () => model.state.status === "connected", 3000);
    expect(model.state.status === "connected" && model.state.sessionNumber).toBe(2);
    await model.close();
  });

  test("a wrong key or a voice Gemini does not have is refused at connect", async () => {
    const wrongKey = leg("not-the-key");
    await expect(wrongKey.connect(geminiSettings)).rejects.toBeInstanceOf(ModelConnectError);
    const badVoice = leg();
    const refused = badVoice.connect({ ...geminiSettings, voice: "marin" });
    await expect(refused).rejects.toThrow("Invalid voice name: marin");
  });
});

describe("the Gemini Live leg at the connection limit", () => {
  test("on goAway it moves to a new session resumed from the last handle before the close", async () => {
    const limited = await startGeminiSimulator({
      pacing: { playbackSpeed: 8, firstAudioDelayMs: 10, chunkMs: 40 },
      goAwayAfterMs: 5000, // after the greeting turn and its resumption handle
    });
    const model = createGeminiModelLeg({
      apiKey: "k",
      baseUrl: limited.url,
      connectTimeoutMs: 2000,
    });
    const rotations: ModelLegEvents["sessionRotated"][0][] = [];
    const states: string[] = [];
    model.on("sessionRotated", (info) => rotations.push(info));
    model.on("connectionState", (state) => states.push(state.status));
    const done: string[] = [];
    model.on("responseDone", (info) => done.push(info.status));
    await model.connect(geminiSettings);
    model.createResponse({ instructions: "Greet the caller." });
    await eventually("the greeting", () => done.length === 1, 8000);
    await eventually("the move to a new session", () => rotations.length === 1, 5000);
    expect(rotations[0]).toMatchObject({ reason: "server_going_away", sessionNumber: 2 });
    const resumed = limited.setups.at(-1) as Setup;
    expect(resumed.sessionResumption.handle).toStartWith("sim-handle-");
    expect(states).not.toContain("reconnecting"); // moved before the old connection closed
    await model.close();
    await limited.stop();
  }, 20_000);
});
