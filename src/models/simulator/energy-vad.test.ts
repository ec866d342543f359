import { describe, expect, test } from "bun:test";
import { EnergyVad, type VadConfig, type VadEvent } from "./energy-vad";

const CONFIG: VadConfig = {
  threshold: 0.5,
  prefixPaddingMs: 300,
  silenceDurationMs: 500,
  idleTimeoutMs: null,
};

/** `ms` of a 300 Hz tone at `amplitude` (0 = silence), PCM16 24 kHz. */
function tone(ms: number, amplitude: number): Int16Array {
  const out = new Int16Array(ms * 24);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 300 * i) / 24000));
  }
  return out;
}

function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function feed(vad: EnergyVad, pcm: Int16Array, chunk: number): VadEvent[] {
  const events: VadEvent[] = [];
  for (let i = 0; i < pcm.length; i += chunk) events.push(...vad.push(pcm.subarray(i, i + chunk)));
  return events;
}

describe("EnergyVad", () => {
  test("one utterance gives speech_started (with prefix padding) and speech_stopped", () => {
    const audio = concat(tone(1000, 0), tone(1000, 0.3), tone(1000, 0));
    const events = feed(new EnergyVad(CONFIG), audio, 240);
    expect(events).toEqual([
      { type: "speech_started", audioStartMs: 700 },
      { type: "speech_stopped", audioEndMs: 2500 },
    ]);
  });

  test("results do not depend on how the audio is cut into frames", () => {
    const audio = concat(tone(500, 0), tone(800, 0.3), tone(700, 0));
    expect(feed(new EnergyVad(CONFIG), audio, 37)).toEqual(feed(new EnergyVad(CONFIG), audio, 480));
  });

  test("a pause shorter than the silence duration keeps one utterance", () => {
    const audio = concat(tone(600, 0.3), tone(300, 0), tone(600, 0.3), tone(600, 0));
    const types = feed(new EnergyVad(CONFIG), audio, 480).map((e) => e.type);
    expect(types).toEqual(["speech_started", "speech_stopped"]);
  });

  test("a lower threshold hears quiet speech that the default ignores", () => {
    const quiet = concat(tone(800, 0.015), tone(800, 0));
    expect(feed(new EnergyVad(CONFIG), quiet, 480)).toEqual([]);
    const sensitive = new EnergyVad({ ...CONFIG, threshold: 0.2 });
    expect(feed(sensitive, quiet, 480).map((e) => e.type)).toEqual([
      "speech_started",
      "speech_stopped",
    ]);
  });

  test("a click shorter than the minimum speech time is not speech", () => {
    const audio = concat(tone(40, 0.5), tone(1000, 0));
    expect(feed(new EnergyVad(CONFIG), audio, 480)).toEqual([]);
  });

  test("the idle timeout fires once after the agent finished and the caller stayed silent", () => {
    const vad = new EnergyVad({ ...CONFIG, idleTimeoutMs: 1000 });
    feed(vad, tone(200, 0), 480);
    vad.armIdleTimeout();
    const events = feed(vad, tone(3000, 0), 480);
    expect(events).toEqual([{ type: "idle_timeout", audioStartMs: 200, audioEndMs: 1200 }]);
  });

  test("caller speech disarms the idle timeout", () => {
    const vad = new EnergyVad({ ...CONFIG, idleTimeoutMs: 1000 });
    vad.armIdleTimeout();
    const events = feed(vad, concat(tone(400, 0.3), tone(2000, 0)), 480);
    expect(events.map((e) => e.type)).toEqual(["speech_started", "speech_stopped"]);
  });
});
