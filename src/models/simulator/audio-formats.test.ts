import { beforeAll, describe, expect, test } from "bun:test";
import type {
  RealtimeAudioFormats,
  RealtimeClientEvent,
  RealtimeServerEvent,
} from "openai/resources/realtime/realtime";
import { callerRecording, concat, recordingAt24k, silence } from "../../../test/caller-audio";
import { eventually } from "../../../test/eventually";
import { aLawDecode, muLawDecode, muLawEncode } from "../../audio/g711";
import { Resampler } from "../../audio/resampler";
import { pcmFromBase64, pcmToBase64 } from "../openai/pcm-base64";
import { IdMaker } from "./ids";
import { scriptWithDefaults } from "./script";
import { SimSession } from "./sim-session";
import { loadVoiceLines, type VoiceLines } from "./voice-lines";

let lines: VoiceLines;
beforeAll(async () => {
  lines = await loadVoiceLines();
});

function session() {
  const out: RealtimeServerEvent[] = [];
  const sim = new SimSession({
    ids: new IdMaker(),
    lines,
    script: scriptWithDefaults({}),
    pacing: { chunkMs: 60, playbackSpeed: 50, firstAudioDelayMs: 0 },
    model: "gpt-realtime",
    send: (event) => out.push(event),
  });
  sim.start();
  const send = (event: RealtimeClientEvent) => sim.receive(JSON.stringify(event));
  const of = <T extends RealtimeServerEvent["type"]>(type: T) =>
    out.filter((e): e is Extract<RealtimeServerEvent, { type: T }> => e.type === type);
  const formats = (input: RealtimeAudioFormats, output: RealtimeAudioFormats) =>
    send({
      type: "session.update",
      session: {
        type: "realtime",
        audio: { input: { format: input }, output: { format: output } },
      },
    });
  return { sim, send, of, formats };
}

/** A caller's turn (speech, then silence) at 8 kHz µ-law, as a phone carries it. */
function phoneTurn(): Uint8Array {
  const down = new Resampler(48000, 8000);
  const pcm8k = down.process(concat(callerRecording("en-hours.wav"), new Int16Array(48 * 1500)));
  const codes = muLawEncode(pcm8k);
  down.dispose();
  return codes;
}

function rms(pcm: Int16Array): number {
  let sum = 0;
  for (const sample of pcm) sum += sample * sample;
  return Math.sqrt(sum / Math.max(1, pcm.length));
}

describe("simulator audio formats", () => {
  test("µ-law caller audio is heard where the same speech in 24 kHz PCM is", async () => {
    const pcm = session();
    const pcmu = session();
    pcmu.formats({ type: "audio/pcmu" }, { type: "audio/pcm", rate: 24000 });
    const speech24k = concat(recordingAt24k("en-hours.wav"), silence(1500));
    for (let at = 0; at < speech24k.length; at += 480)
      pcm.send({
        type: "input_audio_buffer.append",
        audio: pcmToBase64(speech24k.subarray(at, at + 480)),
      });
    const codes = phoneTurn();
    for (let at = 0; at < codes.length; at += 160)
      pcmu.send({
        type: "input_audio_buffer.append",
        audio: Buffer.from(codes.subarray(at, at + 160)).toString("base64"),
      });
    const heard = (s: ReturnType<typeof session>) => [
      s.of("input_audio_buffer.speech_started")[0]?.audio_start_ms ?? -1,
      s.of("input_audio_buffer.speech_stopped")[0]?.audio_end_ms ?? -1,
    ];
    const [start, end] = heard(pcm);
    const [startU, endU] = heard(pcmu);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(Math.abs((startU ?? 0) - (start ?? 0))).toBeLessThanOrEqual(40);
    expect(Math.abs((endU ?? 0) - (end ?? 0))).toBeLessThanOrEqual(40);
    // Both answer the turn.
    await eventually("replies", () => pcm.of("response.done")[0] && pcmu.of("response.done")[0]);
  });

  for (const [type, decode] of [
    ["audio/pcmu", muLawDecode],
    ["audio/pcma", aLawDecode],
  ] as const) {
    test(`replies in ${type} are the same voice at 8 kHz, 8 bytes a millisecond, truncated in ms`, async () => {
      const pcm = session();
      const g711 = session();
      g711.formats({ type }, { type });
      for (const s of [pcm, g711]) s.send({ type: "response.create" });
      await eventually(
        "both replies",
        () => pcm.of("response.done")[0] && g711.of("response.done")[0],
      );

      const pcmDeltas = pcm.of("response.output_audio.delta").map((d) => pcmFromBase64(d.delta));
      const codes = g711
        .of("response.output_audio.delta")
        .map((d) => Buffer.from(d.delta, "base64"));
      expect(codes.length).toBe(pcmDeltas.length);
      // A 60 ms chunk is 1440 samples at 24 kHz, 480 bytes at 8 kHz.
      expect(codes[0]?.length).toBe(480);
      const total = (arrays: ArrayLike<number>[], perMs: number) =>
        arrays.reduce((n, a) => n + a.length, 0) / perMs;
      expect(Math.abs(total(codes, 8) - total(pcmDeltas, 24))).toBeLessThanOrEqual(1);
      const loudPcm = rms(concat(...pcmDeltas));
      const loudG711 = rms(concat(...codes.map((c) => decode(c))));
      expect(loudPcm).toBeGreaterThan(300);
      expect(loudG711 / loudPcm).toBeGreaterThan(0.85);
      expect(loudG711 / loudPcm).toBeLessThan(1.15);
      expect(g711.of("response.done")[0]?.response.audio?.output?.format).toEqual({ type });

      const itemId = g711.of("response.output_audio.delta")[0]?.item_id ?? "";
      const sentMs = total(codes, 8);
      g711.send({
        type: "conversation.item.truncate",
        item_id: itemId,
        content_index: 0,
        audio_end_ms: Math.floor(sentMs),
      });
      g711.send({
        type: "conversation.item.truncate",
        item_id: itemId,
        content_index: 0,
        audio_end_ms: Math.ceil(sentMs) + 60,
      });
      expect(g711.of("conversation.item.truncated")).toHaveLength(1);
      expect(g711.of("error")[0]?.error.param).toBe("audio_end_ms");
    });
  }

  test("an unknown format, or PCM at another rate, is refused and the session keeps its own", async () => {
    const s = session();
    s.send({
      type: "session.update",
      event_id: "evt_f",
      session: { type: "realtime", audio: { input: { format: { type: "audio/wav" } as never } } },
    });
    s.send({
      type: "session.update",
      session: {
        type: "realtime",
        audio: { output: { format: { type: "audio/pcm", rate: 16000 } as never } },
      },
    });
    expect(s.of("error").map((e) => [e.error.code, e.error.param])).toEqual([
      ["invalid_value", "session.audio.input.format.type"],
      ["invalid_value", "session.audio.output.format.rate"],
    ]);
    expect(s.of("error")[0]?.error.event_id).toBe("evt_f");
    expect(s.of("session.updated")).toEqual([]);
    s.send({ type: "response.create" });
    await eventually("reply", () => s.of("response.done")[0]);
    expect(s.of("response.output_audio.delta")[0]?.delta.length).toBe(3840);
  });
});
