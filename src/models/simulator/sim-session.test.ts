import { beforeAll, describe, expect, test } from "bun:test";
import type { RealtimeClientEvent, RealtimeServerEvent } from "openai/resources/realtime/realtime";
import { eventually } from "../../../test/eventually";
import { pcmToBase64 } from "../openai/pcm-base64";
import { IdMaker } from "./ids";
import { type SimulatorScript, scriptWithDefaults } from "./script";
import { SimSession } from "./sim-session";
import { loadVoiceLines, type VoiceLines } from "./voice-lines";

let lines: VoiceLines;
beforeAll(async () => {
  lines = await loadVoiceLines();
});

function session(script: Partial<SimulatorScript> = {}, playbackSpeed = 50) {
  const out: RealtimeServerEvent[] = [];
  const sim = new SimSession({
    ids: new IdMaker(),
    lines,
    script: scriptWithDefaults(script),
    pacing: { chunkMs: 60, playbackSpeed, firstAudioDelayMs: 0 },
    model: "gpt-realtime",
    send: (event) => out.push(event),
  });
  sim.start();
  const send = (event: RealtimeClientEvent) => sim.receive(JSON.stringify(event));
  const of = <T extends RealtimeServerEvent["type"]>(type: T) =>
    out.filter((e): e is Extract<RealtimeServerEvent, { type: T }> => e.type === type);
  return { sim, out, send, of };
}

function speech(ms: number): Int16Array {
  const pcm = new Int16Array(ms * 24);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(8000 * Math.sin(i / 10));
  return pcm;
}

const append = (pcm: Int16Array): RealtimeClientEvent => ({
  type: "input_audio_buffer.append",
  audio: pcmToBase64(pcm),
});

describe("SimSession", () => {
  test("starts with session.created and echoes a session.update with session.updated", () => {
    const { send, of } = session();
    send({ type: "session.update", session: { type: "realtime", instructions: "Be brief" } });
    expect(of("session.created")).toHaveLength(1);
    expect(of("session.updated")[0]?.session).toMatchObject({
      type: "realtime",
      instructions: "Be brief",
    });
  });

  test("a session.update without session.type is refused, like the GA service", () => {
    const { send, of } = session();
    send({ type: "session.update", event_id: "evt_1", session: { instructions: "x" } as never });
    expect(of("error")[0]?.error).toMatchObject({
      code: "missing_required_parameter",
      event_id: "evt_1",
    });
  });

  test("response.create during an active response is refused as the real service does", () => {
    const { send, of } = session({}, 1);
    send({ type: "response.create" });
    send({ type: "response.create", event_id: "evt_2" });
    expect(of("error")[0]?.error).toMatchObject({
      code: "conversation_already_has_active_response",
      event_id: "evt_2",
    });
    send({ type: "response.cancel" });
  });

  test("a truncation past the audio sent is an error; within it, it is acknowledged", async () => {
    const { send, of } = session({}, 1);
    send({ type: "response.create" });
    await eventually("audio", () => of("response.output_audio.delta").length >= 2);
    const itemId = of("response.output_audio.delta")[0]?.item_id ?? "";
    send({
      type: "conversation.item.truncate",
      event_id: "evt_t",
      item_id: itemId,
      content_index: 0,
      audio_end_ms: 60_000,
    });
    expect(of("error")[0]?.error).toMatchObject({
      code: "invalid_value",
      param: "audio_end_ms",
      event_id: "evt_t",
    });
    send({
      type: "conversation.item.truncate",
      item_id: itemId,
      content_index: 0,
      audio_end_ms: 60,
    });
    expect(of("conversation.item.truncated")[0]).toMatchObject({
      item_id: itemId,
      audio_end_ms: 60,
    });
    send({ type: "response.cancel" });
    await eventually("cancelled", () => of("response.done")[0]);
    expect(of("response.done")[0]?.response.status).toBe("cancelled");
  });

  test("speech in the buffer is detected, committed, transcribed by the script, and answered", async () => {
    const { send, of, out } = session({ transcript: (u) => `utterance of ${u.durationMs} ms` });
    send({
      type: "session.update",
      session: {
        type: "realtime",
        audio: { input: { transcription: { model: "gpt-4o-transcribe" } } },
      },
    });
    send(append(speech(800)));
    send(append(new Int16Array(24 * 700)));
    await eventually("reply", () => of("response.done")[0]);
    const types = out
      .map((e) => e.type)
      .filter((t) => t.startsWith("input_audio_buffer") || t.endsWith("completed"));
    expect(types).toEqual([
      "input_audio_buffer.speech_started",
      "input_audio_buffer.speech_stopped",
      "input_audio_buffer.committed",
      "conversation.item.input_audio_transcription.completed",
    ]);
    expect(of("conversation.item.input_audio_transcription.completed")[0]?.transcript).toBe(
      "utterance of 1300 ms",
    );
  });

  test("without transcription configured, no transcription events are sent", async () => {
    const { send, of } = session();
    send(append(speech(500)));
    send(append(new Int16Array(24 * 700)));
    await eventually("reply", () => of("response.done")[0]);
    expect(of("conversation.item.input_audio_transcription.completed")).toEqual([]);
  });

  test("the idle timeout triggers a nudge once the agent stopped and the caller stayed quiet", async () => {
    const { send, of } = session();
    send({
      type: "session.update",
      session: {
        type: "realtime",
        audio: { input: { turn_detection: { type: "server_vad", idle_timeout_ms: 1000 } } },
      },
    });
    send({ type: "response.create" });
    await eventually("greeting", () => of("response.done")[0]);
    send(append(new Int16Array(24 * 1500)));
    expect(of("input_audio_buffer.timeout_triggered")).toHaveLength(1);
    await eventually("nudge reply", () => of("response.done")[1]);
  });

  test("with turn detection off, nothing is detected and a manual commit needs 100 ms", () => {
    const { send, of } = session();
    send({
      type: "session.update",
      session: { type: "realtime", audio: { input: { turn_detection: null } } },
    });
    send(append(speech(50)));
    send({ type: "input_audio_buffer.commit", event_id: "evt_c" });
    expect(of("input_audio_buffer.speech_started")).toEqual([]);
    expect(of("error")[0]?.error.code).toBe("input_audio_buffer_commit_empty");
    send(append(speech(100)));
    send({ type: "input_audio_buffer.commit" });
    expect(of("input_audio_buffer.committed")).toHaveLength(1);
    expect(of("response.created")).toEqual([]);
  });

  test("unknown client events and bad JSON get error events, not a crash", () => {
    const { sim, send, of } = session();
    sim.receive("{nope");
    send({ type: "conversation.item.retrieve", item_id: "x" });
    expect(of("error").map((e) => e.error.code)).toEqual(["invalid_json", "unknown_event_type"]);
  });
});
