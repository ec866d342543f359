import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { callerRecording } from "../../../test/caller-audio";
import { CallerPeer } from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { parseEvents, readUntil } from "../../../test/sse-events";
import { liveWebRtcLegs } from "../../media/webrtc/webrtc-leg";
import { type ModelSimulator, startModelSimulator } from "../../models/simulator/server";

let sim: ModelSimulator;
let api: TestApi;
let tenant: { tenantId: string; key: string };
let agentId: string;
const callers: CallerPeer[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  api = await startTestApi({ modelBaseUrl: sim.url });
  tenant = await api.tenantWithKey();
  agentId = (await api.call("POST", "/v1/agents", { key: tenant.key, body: { name: "Desk" } })).body
    .id;
  await api.call("POST", `/v1/agents/${agentId}/publish`, { key: tenant.key });
});
afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api.close();
});

async function dial(key = tenant.key, agent = agentId) {
  const caller = new CallerPeer();
  callers.push(caller);
  const res = await api.call("POST", "/v1/calls/web", {
    key,
    body: { agentId: agent, sdp: await caller.offer() },
  });
  return { caller, res };
}

describe("browser calls", () => {
  test("a call is answered, greets, hears the caller, and its conversation is stored", async () => {
    const { caller, res } = await dial();
    expect(res.status).toBe(201);
    const callId = res.body.callId;
    await caller.answer(res.body.sdp);
    await eventually("the greeting to be heard", () => caller.audibleMs() > 800, 10_000);

    const live = await api.call("GET", `/v1/calls/${callId}`, { key: tenant.key });
    expect(live.body).toMatchObject({ id: callId, live: true, phase: "active", agentId });

    caller.play(callerRecording("en-hours.wav"));
    await waitForMessages(callId, 3);
    expect((await api.call("DELETE", `/v1/calls/${callId}`, { key: tenant.key })).status).toBe(204);

    const record = await api.call("GET", `/v1/conversations/${callId}`, { key: tenant.key });
    expect(record.body).toMatchObject({
      status: "ended",
      endReason: "hung_up_by_api",
      channel: "web",
      agentVersion: 1,
    });
    expect(record.body.messages.map((m: { role: string }) => m.role)).toEqual([
      "assistant",
      "user",
      "assistant",
    ]);
    expect(record.body.mediaConnectedAt).not.toBeNull();
    expect(record.body.firstAgentAudioAt).not.toBeNull();
    expect(record.body.usage.outputTokens).toBeGreaterThan(0);
    const after = await api.call("GET", `/v1/calls/${callId}`, { key: tenant.key });
    expect(after.body).toMatchObject({ live: false, phase: "ended", endReason: "hung_up_by_api" });
    expect(liveWebRtcLegs()).toBe(0);
    const lines = api.logLines.map((l) => JSON.parse(l)).filter((l) => l.callId === callId);
    const ended = lines.find((l) => l.msg === "call ended");
    expect(ended).toMatchObject({ reason: "hung_up_by_api", turns: 2 });
    expect(ended.tokens).toBeGreaterThan(0);
    expect(lines.filter((l) => l.msg === "turn")).toHaveLength(2);
  }, 40_000);

  test("a call token calls its own agent and nothing else", async () => {
    const minted = await api.call("POST", `/v1/agents/${agentId}/call-tokens`, {
      key: tenant.key,
      body: { ttlSeconds: 60 },
    });
    expect(minted.status).toBe(201);
    const token = minted.body.token;
    const other = (
      await api.call("POST", "/v1/agents", { key: tenant.key, body: { name: "Other" } })
    ).body.id;
    await api.call("POST", `/v1/agents/${other}/publish`, { key: tenant.key });

    expect((await dial(token, other)).res.status).toBe(404);
    expect((await api.call("GET", "/v1/agents", { key: token })).status).toBe(403);
    const ice = await api.call("GET", "/v1/calls/webrtc-config", { key: token });
    expect(ice.body.iceServers).toEqual([{ urls: "stun:stun.example.org:3478" }]);
    const { caller, res } = await dial(token);
    expect(res.status).toBe(201);
    await caller.answer(res.body.sdp);
    expect((await api.call("DELETE", `/v1/calls/${res.body.callId}`, { key: token })).status).toBe(
      204,
    );

    const expired = api.callTokens.mint({
      tenantId: tenant.tenantId,
      agentId,
      exp: Date.now() - 1,
    });
    const refused = await dial(expired);
    expect(refused.res.status).toBe(401);
    expect(refused.res.body.error.message).toContain("expired");
  }, 30_000);

  test("the live transcript streams as server-sent events", async () => {
    const { caller, res } = await dial();
    await caller.answer(res.body.sdp);
    const stream = await api.call("GET", `/v1/calls/${res.body.callId}/events`, {
      key: tenant.key,
      stream: true,
    });
    const text = await readUntil(stream.raw as Response, "event: transcript", 10_000);
    expect(text).toContain("event: phase");
    expect(text).toContain('"role":"assistant"');
  }, 20_000);

  test("events carry ids; a reconnect with Last-Event-ID gets what it missed, none twice", async () => {
    const { caller, res } = await dial();
    const callId = res.body.callId;
    await caller.answer(res.body.sdp);
    const path = `/v1/calls/${callId}/events`;
    const first = await api.call("GET", path, { key: tenant.key, stream: true });
    const before = parseEvents(await readUntil(first.raw as Response, "event: transcript", 10_000));
    expect(before.map((e) => e.id)).toEqual(before.map((_, i) => i + 1));
    const lastSeen = before.at(-1)?.id ?? 0;

    // While nobody listens, the caller speaks and the agent answers.
    caller.play(callerRecording("en-hours.wav"));
    await waitForMessages(callId, 3);
    const badId = await api.call("GET", path, {
      key: tenant.key,
      headers: { "last-event-id": "yesterday" },
    });
    expect(badId.status).toBe(400);
    const second = await api.call("GET", path, {
      key: tenant.key,
      stream: true,
      headers: { "last-event-id": String(lastSeen) },
    });
    const reading = readUntil(second.raw as Response, "event: ended", 10_000);
    await api.call("DELETE", `/v1/calls/${callId}`, { key: tenant.key });
    const after = parseEvents(await reading);

    expect(after[0]?.id).toBe(lastSeen + 1);
    const ids = [...before, ...after].map((e) => e.id);
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    const missed = after.filter((e) => e.event === "transcript").map((e) => e.data.role);
    expect(missed).toEqual(expect.arrayContaining(["user", "assistant"]));
    expect(after.at(-1)).toMatchObject({ event: "ended", data: { reason: "hung_up_by_api" } });

    // Just after the end, a late reconnect still finds the tail.
    const late = await api.call("GET", path, {
      key: tenant.key,
      stream: true,
      headers: { "last-event-id": String((after.at(-1)?.id ?? 1) - 1) },
    });
    const tail = parseEvents(await readUntil(late.raw as Response, "event: ended", 5000));
    expect(tail.map((e) => e.event)).toEqual(["ended"]);
  }, 40_000);

  test("bad requests get a clear 4xx and leave no call behind", async () => {
    const unpublished = (
      await api.call("POST", "/v1/agents", { key: tenant.key, body: { name: "Draft" } })
    ).body.id;
    const caller = new CallerPeer();
    callers.push(caller);
    const sdp = await caller.offer();
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ agentId, sdp: "v=0 but not really an offer" }, 400, "body.sdp"],
      [{ agentId, sdp: sdp.replace(/m=audio[\s\S]*/, "") }, 400, "body.sdp"],
      [{ agentId: unpublished, sdp }, 409, "publish"],
      [{ agentId: "agt_0000000000000000000000000", sdp }, 404, "agent"],
      [{ sdp }, 400, "body.agentId"],
    ];
    for (const [body, status, words] of cases) {
      const res = await api.call("POST", "/v1/calls/web", { key: tenant.key, body });
      expect([status, res.body.error.message]).toEqual([status, expect.stringContaining(words)]);
    }
    expect((await api.call("GET", "/v1/conversations", { key: tenant.key })).body.data).toEqual([]);
    expect(api.registry.size).toBe(0);
    expect(liveWebRtcLegs()).toBe(0);
  }, 20_000);
});

async function waitForMessages(callId: string, count: number) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await api.call("GET", `/v1/conversations/${callId}`, { key: tenant.key });
    if (res.body.messages.length >= count) return res.body.messages;
    if (Date.now() > deadline) throw new Error(`only ${res.body.messages.length} messages stored`);
    await Bun.sleep(100);
  }
}
