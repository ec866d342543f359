import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { activeSpans, rmsBetween } from "../../../test/audio-activity";
import { dialBrowser, publishedAgent } from "../../../test/browser-calls";
import { callerRecording } from "../../../test/caller-audio";
import type { CallerPeer } from "../../../test/caller-peer";
import { eventually, until } from "../../../test/eventually";
import { decodeOggOpusChannels } from "../../audio/ogg-opus";
import { intactPages } from "../../audio/ogg-pages";
import { type ModelSimulator, startModelSimulator } from "../../models/simulator/server";

let sim: ModelSimulator;
let api: TestApi;
let tenant: { tenantId: string; key: string };
const callers: CallerPeer[] = [];

beforeAll(async () => {
  // Real-time pacing: an agent line's transcript is stored as its audio finishes arriving.
  sim = await startModelSimulator({ pacing: { playbackSpeed: 1, firstAudioDelayMs: 20 } });
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

const agent = (config: Record<string, unknown> = {}) => publishedAgent(api, tenant.key, config);
const dial = (agentId: string) => dialBrowser(api, tenant.key, agentId, callers);

async function conversation(callId: string) {
  return (await api.call("GET", `/v1/conversations/${callId}`, { key: tenant.key })).body;
}

async function recordingBytes(callId: string, headers: Record<string, string> = {}) {
  const res = await api.call("GET", `/v1/conversations/${callId}/recording`, {
    key: tenant.key,
    headers,
    stream: true,
  });
  const raw = res.raw as Response;
  return { res, bytes: new Uint8Array(await raw.arrayBuffer()) };
}

/** Polls an async check every 100 ms until it holds. */
interface Message {
  role: string;
  offsetMs: number;
}

describe("call recordings", () => {
  test("a call is recorded in stereo: the caller left, the agent right, where the transcript says", async () => {
    const agentId = await agent();
    const { caller, callId } = await dial(agentId);
    await eventually("the greeting to be heard", () => caller.audibleMs() > 800, 10_000);
    const live = await api.call("GET", `/v1/conversations/${callId}/recording`, {
      key: tenant.key,
    });
    expect(live.status).toBe(404);
    expect(live.body.error.message).toContain("not ready yet");

    // The caller speaks once the greeting has finished (no new agent audio for 400 ms), so the
    // two turns do not overlap however slowly a loaded machine plays the greeting.
    await until(
      "the greeting to finish",
      async () => {
        const heard = caller.audibleMs();
        await Bun.sleep(400);
        return caller.audibleMs() === heard;
      },
      20_000,
    );
    caller.play(callerRecording("en-hours.wav"));
    let messages: Message[] = [];
    await until(
      "the reply's transcript",
      async () => {
        messages = (await conversation(callId)).messages;
        return messages.length >= 3;
      },
      20_000,
    );
    await Bun.sleep(500);
    expect((await api.call("DELETE", `/v1/calls/${callId}`, { key: tenant.key })).status).toBe(204);
    await until(
      "the recording to be ready",
      async () => (await conversation(callId)).recording?.status === "ready",
      20_000,
    );

    const record = await conversation(callId);
    const { res, bytes } = await recordingBytes(callId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/ogg");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(record.recording).toEqual({
      status: "ready",
      durationMs: expect.any(Number),
      sizeBytes: bytes.length,
      channels: 2,
      layout: "caller-left agent-right",
    });
    const [left, right] = await decodeOggOpusChannels(bytes, 48000);
    if (!left || !right) throw new Error("not stereo");
    // The recording runs from the call's start to its end.
    expect(record.recording.durationMs).toBeGreaterThan((messages.at(-1)?.offsetMs ?? 0) - 1);
    expect(Math.abs(left.length / 48 - record.recording.durationMs)).toBeLessThan(2);

    const [greeting, user, reply] = record.messages as Message[];
    expect([greeting?.role, user?.role, reply?.role]).toEqual(["assistant", "user", "assistant"]);
    const callerSpans = activeSpans(left);
    const agentSpans = activeSpans(right);
    // The caller spoke for about the length of the clip, and their line was stored just after
    // they stopped (once the model heard the pause).
    const callerMs = callerSpans.reduce((sum, span) => sum + span.endMs - span.startMs, 0);
    expect(callerMs).toBeGreaterThan(1500);
    expect(callerMs).toBeLessThan(4200);
    const callerStart = callerSpans[0]?.startMs ?? 0;
    const callerEnd = callerSpans.at(-1)?.endMs ?? 0;
    expect(user?.offsetMs).toBeGreaterThanOrEqual(callerEnd - 300);
    expect(user?.offsetMs).toBeLessThan(callerEnd + 2500);
    // The agent's greeting ended before the caller spoke, about when its line was stored; the
    // reply came after the caller's turn and ended about when its line was stored.
    const before = agentSpans.filter((span) => span.endMs <= callerStart + 100);
    const after = agentSpans.filter((span) => span.startMs >= callerEnd - 100);
    expect(before.length + after.length).toBe(agentSpans.length);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(Math.abs((before.at(-1)?.endMs ?? 0) - (greeting?.offsetMs ?? 0))).toBeLessThan(1000);
    expect(Math.abs((after.at(-1)?.endMs ?? 0) - (reply?.offsetMs ?? 0))).toBeLessThan(1000);
    // Each side is quiet while the other speaks: well under the level that counts as speech
    // (0.01), with room for codec noise and a caller frame or two shifted by a loaded machine.
    for (const span of callerSpans)
      expect(rmsBetween(right, span.startMs + 100, span.endMs - 100)).toBeLessThan(0.005);
    for (const span of agentSpans)
      expect(rmsBetween(left, span.startMs + 100, span.endMs - 100)).toBeLessThan(0.005);
    // The parts were joined and removed; one end-of-stream page closes the file.
    expect(await api.blobs.list(`recordings/${tenant.tenantId}/${callId}/`)).toEqual([]);
    expect(intactPages(bytes).at(-1)?.eos).toBe(true);

    // Byte ranges, as a browser's <audio> element asks for them.
    const size = bytes.length;
    const first = await recordingBytes(callId, { range: "bytes=0-99" });
    expect(first.res.status).toBe(206);
    expect(first.res.headers.get("content-range")).toBe(`bytes 0-99/${size}`);
    expect(first.bytes).toEqual(bytes.subarray(0, 100));
    const middle = await recordingBytes(callId, { range: `bytes=1000-` });
    expect(middle.res.headers.get("content-length")).toBe(String(size - 1000));
    expect(middle.bytes).toEqual(bytes.subarray(1000));
    const tail = await recordingBytes(callId, { range: "bytes=-500" });
    expect(tail.res.status).toBe(206);
    expect(tail.res.headers.get("content-range")).toBe(`bytes ${size - 500}-${size - 1}/${size}`);
    expect(tail.bytes).toEqual(bytes.subarray(size - 500));
    const past = await api.call("GET", `/v1/conversations/${callId}/recording`, {
      key: tenant.key,
      headers: { range: `bytes=${size}-` },
    });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${size}`);

    // Another tenant cannot tell it exists.
    const other = await api.tenantWithKey("Other");
    const foreign = await api.call("GET", `/v1/conversations/${callId}/recording`, {
      key: other.key,
    });
    expect(foreign.status).toBe(404);
    const listed = await api.call("GET", "/v1/conversations", { key: tenant.key });
    expect(listed.body.data[0].recording.status).toBe("ready");
    const events = await api.stores.db.execute(
      "SELECT type, body FROM event_outbox WHERE call_id = ? AND type = 'call.recording.ready'",
      [callId],
    );
    expect(events.rows).toHaveLength(1);
    expect(JSON.parse(String(events.rows[0]?.body)).data).toEqual({
      callId,
      durationMs: record.recording.durationMs,
      sizeBytes: size,
      channels: 2,
      layout: "caller-left agent-right",
      contentType: "audio/ogg",
    });
  }, 60_000);

  test("an agent with recording off keeps no recording", async () => {
    const agentId = await agent({ recording: { enabled: false } });
    const { caller, callId } = await dial(agentId);
    await eventually("the greeting to be heard", () => caller.audibleMs() > 300, 10_000);
    await api.call("DELETE", `/v1/calls/${callId}`, { key: tenant.key });
    await api.background.idle();
    expect((await conversation(callId)).recording).toBeNull();
    const res = await api.call("GET", `/v1/conversations/${callId}/recording`, {
      key: tenant.key,
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain("has no recording");
    expect(await api.blobs.list("recordings/")).toEqual([]);
  }, 30_000);
});
