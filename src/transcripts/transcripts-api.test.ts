import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { dialBrowser, publishedAgent } from "../../test/browser-calls";
import { callerRecording } from "../../test/caller-audio";
import type { CallerPeer } from "../../test/caller-peer";
import { eventually, until } from "../../test/eventually";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";

const SCRIPTED = ["what time do you open", "thanks goodbye"];
let sim: ModelSimulator;
let api: TestApi;
let tenant: { tenantId: string; key: string };
const callers: CallerPeer[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({
    pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 },
    script: {
      transcript: (u) => SCRIPTED[u.index] ?? "",
      // The second caller line comes in unsure; the second reading is clear.
      confidence: (u) => (u.index === 1 ? 0.42 : 0.93),
      retranscript: () => ({ text: "Thanks, goodbye.", confidence: 0.96 }),
    },
  });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  api = await startTestApi({ modelBaseUrl: sim.url });
  tenant = await api.tenantWithKey();
});
afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api.close();
});

const deskAgent = (config: Record<string, unknown> = {}) => publishedAgent(api, tenant.key, config);
const dial = (agentId: string) => dialBrowser(api, tenant.key, agentId, callers);

/** Where speech is in a recording (ms): its first and last loud 20 ms windows. */
function speechSpan(pcm48k: Int16Array): { from: number; to: number } {
  const loud: number[] = [];
  for (let at = 0; at + 960 <= pcm48k.length; at += 960) {
    let energy = 0;
    for (let i = at; i < at + 960; i++) energy += (pcm48k[i] ?? 0) ** 2;
    if (Math.sqrt(energy / 960) / 32768 >= 0.02) loud.push(at / 48);
  }
  return { from: loud[0] ?? 0, to: (loud.at(-1) ?? 0) + 20 };
}

/** Polls an asynchronous check until it holds. */
async function messages(callId: string): Promise<any[]> {
  return (await api.call("GET", `/v1/conversations/${callId}`, { key: tenant.key })).body.messages;
}

async function outbox(callId: string) {
  const rows = await api.stores.db.execute({
    sql: "SELECT type, body FROM event_outbox WHERE call_id = ? ORDER BY seq",
    args: [callId],
  });
  return rows.rows.map((row) => ({ type: String(row.type), body: JSON.parse(String(row.body)) }));
}

describe("transcripts you can trust", () => {
  test("confidences, a re-read unsure line, a cut agent line, all on the call clock", async () => {
    const agentId = await deskAgent();
    const { caller, callId } = await dial(agentId);
    const session = api.registry.get(callId)?.session;
    if (!session) throw new Error("no live session");

    // The caller cuts into the greeting.
    await eventually("the greeting to be heard", () => caller.audibleMs() > 500, 10_000);
    const hours = callerRecording("en-hours.wav");
    const firstPlayedAt = session.offsetMs;
    caller.play(hours);
    await until("the reply", async () => (await messages(callId)).length >= 3, 20_000);
    await eventually(
      "the reply to finish playing",
      () => caller.pendingSpeechMs === 0 && session.offsetMs - firstPlayedAt > 9000,
      20_000,
    );
    // Then says goodbye, unsure.
    const goodbye = callerRecording("en-goodbye.wav");
    const secondPlayedAt = session.offsetMs;
    caller.play(goodbye);
    await until(
      "the unsure line to be read again",
      async () => (await messages(callId)).some((m) => m.retranscription?.status === "done"),
      20_000,
    );
    await api.call("DELETE", `/v1/calls/${callId}`, { key: tenant.key });

    const lines = await messages(callId);
    const [greeting, hoursLine, reply] = lines;
    const goodbyeLine = lines.find((m) => m.role === "user" && m !== hoursLine);

    // The greeting was cut where the caller came in: marked, shortened, the whole text kept.
    expect(greeting).toMatchObject({ role: "assistant", interrupted: true });
    expect(greeting.fullText.startsWith(greeting.text)).toBe(true);
    expect(greeting.text.length).toBeLessThan(greeting.fullText.length);

    // Caller lines carry their confidence; only the unsure one was read again, keeping both texts.
    expect(hoursLine).toMatchObject({ role: "user", text: SCRIPTED[0], retranscription: null });
    expect(hoursLine.confidence).toBeCloseTo(0.93, 3);
    expect(goodbyeLine).toMatchObject({
      text: SCRIPTED[1],
      retranscription: { status: "done", text: "Thanks, goodbye.", model: "gpt-4o-transcribe" },
    });
    expect(goodbyeLine.confidence).toBeCloseTo(0.42, 3);
    expect(goodbyeLine.retranscription.confidence).toBeCloseTo(0.96, 3);
    expect(reply).toMatchObject({ role: "assistant", interrupted: false, fullText: null });
    expect(reply.confidence).toBeNull();

    // Caller lines sit where their speech was sent: speech start (less the detector's 300 ms
    // of padding) to speech stop (after its 500 ms of silence), give or take the transport.
    for (const [line, playedAt, pcm] of [
      [hoursLine, firstPlayedAt, hours],
      [goodbyeLine, secondPlayedAt, goodbye],
    ] as const) {
      const speech = speechSpan(pcm);
      expect(line.startMs).toBeGreaterThan(playedAt + speech.from - 300 - 150);
      expect(line.startMs).toBeLessThan(playedAt + speech.from + 150);
      expect(line.endMs).toBeGreaterThan(playedAt + speech.to);
      expect(line.endMs).toBeLessThan(playedAt + speech.to + 500 + 250);
    }
    // The clip read again is the unsure line's own audio.
    const clip = sim.transcriptions.at(-1);
    expect(clip?.durationMs).toBeGreaterThan(goodbyeLine.endMs - goodbyeLine.startMs - 60);
    expect(clip?.durationMs).toBeLessThan(goodbyeLine.endMs - goodbyeLine.startMs + 60);

    // Agent lines span the audio sent to the caller: the greeting stops at the barge-in, the
    // reply starts after the caller stopped and lasts about as long as the voice line plays.
    expect(greeting.startMs).toBeLessThan(firstPlayedAt);
    expect(greeting.endMs).toBeGreaterThan(hoursLine.startMs);
    expect(greeting.endMs).toBeLessThan(hoursLine.startMs + 300 + 500);
    expect(reply.startMs).toBeGreaterThan(hoursLine.endMs);
    expect(reply.endMs - reply.startMs).toBeGreaterThan(1000);
    expect(greeting.offsetMs).toBeGreaterThanOrEqual(0);

    // Once the call is over the transcript is final and reported once.
    await api.background.idle();
    const events = (await outbox(callId)).filter((e) => e.type === "call.transcript.ready");
    expect(events).toHaveLength(1);
    const spoken = lines.filter((m) => m.role === "user" || m.role === "assistant").length;
    expect(events[0]?.body.data).toEqual({
      callId,
      lines: spoken,
      lowConfidenceLines: 1,
      retranscribedLines: 1,
    });
  }, 60_000);

  test("an agent's own threshold decides which lines are read again", async () => {
    // 0.93 passes the gateway's 0.75 but not this agent's 0.95.
    const agentId = await deskAgent({ transcripts: { confidenceThreshold: 0.95 } });
    const { caller, callId } = await dial(agentId);
    await eventually("the greeting to be heard", () => caller.audibleMs() > 2500, 10_000);
    await Bun.sleep(1000);
    const before = sim.transcriptions.length;
    caller.play(callerRecording("en-hours.wav"));
    await until(
      "the line to be read again",
      async () => (await messages(callId)).some((m) => m.retranscription?.status === "done"),
      20_000,
    );
    const line = (await messages(callId)).find((m) => m.role === "user");
    expect(line).toMatchObject({ text: SCRIPTED[0], retranscription: { status: "done" } });
    expect(line.confidence).toBeCloseTo(0.93, 3);
    expect(sim.transcriptions.length).toBe(before + 1);
  }, 40_000);
});
