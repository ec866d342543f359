import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { recordingAt24k } from "../../test/caller-audio";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";
import { OpenAIRetranscriber } from "./retranscriber";

let sim: ModelSimulator;
beforeAll(async () => {
  sim = await startModelSimulator({
    apiKey: "sk-sim",
    script: {
      retranscript: (clip) => ({
        text: clip.language === "en" ? "What time do you open?" : "?",
        confidence: 0.9,
      }),
    },
  });
});
afterAll(() => sim.stop());

describe("re-transcription through the openai package", () => {
  test("sends the clip as WAV to gpt-4o-transcribe and reads the text and its confidence", async () => {
    const retranscriber = new OpenAIRetranscriber({ apiKey: "sk-sim", baseUrl: sim.url });
    const pcm = recordingAt24k("en-hours.wav");
    const result = await retranscriber.transcribe({ pcm, sampleRate: 24_000, language: "en" });
    expect(result).toEqual({
      text: "What time do you open?",
      model: "gpt-4o-transcribe",
      confidence: 0.9,
    });
    const clip = sim.transcriptions.at(-1);
    expect(clip?.model).toBe("gpt-4o-transcribe");
    expect(clip?.durationMs).toBe(Math.round(pcm.length / 24));
  });

  test("a wrong key or a broken file is refused as OpenAI refuses it", async () => {
    const wrongKey = new OpenAIRetranscriber({ apiKey: "sk-other", baseUrl: sim.url });
    const pcm = new Int16Array(2400);
    await expect(wrongKey.transcribe({ pcm, sampleRate: 24_000 })).rejects.toThrow(/401/);
    const res = await fetch(`${sim.url}/audio/transcriptions`, {
      method: "POST",
      headers: { authorization: "Bearer sk-sim" },
      body: (() => {
        const form = new FormData();
        form.set("model", "gpt-4o-transcribe");
        form.set("file", new Blob(["not audio"]), "clip.mp3");
        return form;
      })(),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.param).toBe("file");
  });
});
