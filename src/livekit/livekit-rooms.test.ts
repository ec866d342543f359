import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "bun:test";
import { AudioFrame } from "@livekit/rtc-node";
import { TokenVerifier } from "livekit-server-sdk";
import { snapshotDb, startTestApi, type TestApi } from "../../test/api-harness";
import { publishedAgent } from "../../test/browser-calls";
import { callerRecording } from "../../test/caller-audio";
import { eventually } from "../../test/eventually";
import { claimsOf, liveKitTenant, RecordedJoins } from "../../test/livekit-server/livekit-side";
import { FakeLiveKitServer } from "../../test/livekit-server/server";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";

let sim: ModelSimulator;
let server: FakeLiveKitServer;
let joins: RecordedJoins;
let api: TestApi;

async function start(options: Parameters<typeof startTestApi>[0] = {}) {
  joins = new RecordedJoins();
  api = await startTestApi({
    modelBaseUrl: sim.url,
    // The stand-in LiveKit server listens on loopback.
    allowPrivateEgress: ["127.0.0.0/8"],
    livekitJoin: joins.join,
    ...options,
  });
}

beforeAll(async () => {
  sim = await startModelSimulator({
    pacing: { playbackSpeed: 1.5, firstAudioDelayMs: 20 },
    recordClientEvents: true,
  });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  sim.clientEvents.length = 0;
  server = new FakeLiveKitServer().start();
  await start();
});
afterEach(async () => {
  await api.close();
  await server.stop();
});

const openRoom = (key: string, agentId: string) =>
  api.call("POST", "/v1/livekit/rooms", { key, body: { agentId } });

test("a room is made through the room service with the tenant's key, and the agent joins it", async () => {
  const { key, agentId } = await liveKitTenant(api, server);
  const reply = await openRoom(key, agentId);
  expect(reply.status).toBe(201);
  expect(reply.body.url).toBe(server.url.replace("http:", "ws:"));

  // One Twirp request: CreateRoom for this room, with a token allowing room creation only.
  expect(server.methods()).toEqual(["CreateRoom"]);
  const [create] = server.requests;
  expect(create?.body).toEqual({ name: reply.body.room, emptyTimeout: 120, maxParticipants: 2 });
  expect(create?.claims.iss).toBe(server.apiKey);
  expect(create?.claims.video).toEqual({ roomCreate: true });
  expect((create?.claims.exp ?? 0) - (create?.claims.nbf ?? 0)).toBeLessThanOrEqual(600);

  // The agent joined that room with its own token, waiting for the caller the token names.
  expect(joins.joins.length).toBe(1);
  const join = joins.joins[0]?.request;
  expect(join?.url).toBe(reply.body.url);
  expect(join?.callerIdentity).toBe(reply.body.identity);
  const agent = claimsOf(join?.token ?? "");
  expect(agent.sub).toMatch(/^agent-[0-9a-z]{16}$/);
  expect(agent.kind).toBe("agent");
  expect(agent.video.room).toBe(reply.body.room);
  expect(agent.video.roomAdmin).toBeUndefined();

  // The call is live on the livekit channel, named by the room's sid.
  const live = await api.call("GET", `/v1/calls/${reply.body.callId}`, { key });
  expect(live.body.live).toBe(true);
  const record = await api.stores.calls.get(null, reply.body.callId);
  expect(record.channel).toBe("livekit");
  expect(record.providerCallId).toBe(server.rooms.get(reply.body.room)?.sid ?? "missing");
});

test("the caller's token joins that one room only, to talk and listen, and expires in ten minutes", async () => {
  const { key, agentId } = await liveKitTenant(api, server);
  const reply = await openRoom(key, agentId);
  // Signed with the tenant's secret and issued by its key: LiveKit accepts it.
  const claims = await new TokenVerifier(server.apiKey, server.apiSecret).verify(reply.body.token);
  expect(claims.sub).toBe(reply.body.identity);
  expect(claims.video as Record<string, unknown>).toEqual({
    roomJoin: true,
    room: reply.body.room,
    canPublish: true,
    canPublishSources: ["microphone"],
    canSubscribe: true,
    canPublishData: false,
    canUpdateOwnMetadata: false,
  });
  expect(claims.kind).toBeUndefined();
  expect((claims.exp ?? 0) - (claims.nbf ?? 0)).toBe(600);
  expect(Date.parse(reply.body.expiresAt) / 1000).toBeCloseTo(claims.exp ?? 0, -1);
  // Nothing of the tenant's credential is handed out.
  expect(JSON.stringify(reply.body)).not.toContain(server.apiSecret);
});

test("room names and identities are never the same twice", async () => {
  const { key, agentId } = await liveKitTenant(api, server);
  const first = await openRoom(key, agentId);
  const second = await openRoom(key, agentId);
  expect(first.status).toBe(201);
  expect(second.status).toBe(201);
  expect(second.body.room).not.toBe(first.body.room);
  expect(second.body.identity).not.toBe(first.body.identity);
  const { tenantId } = await api.stores.agents.get(null, agentId);
  for (const room of [first.body.room, second.body.room])
    expect(room).toMatch(new RegExp(`^av-${tenantId}-[0-9a-z]{26}$`));
});

test("when the caller's audio arrives the call connects and the agent's greeting plays into the room", async () => {
  const { key, agentId } = await liveKitTenant(api, server);
  const reply = await openRoom(key, agentId);
  const joined = joins.joins[0];
  if (!joined) throw new Error("the agent did not join");
  // Someone else's track is not the caller's.
  expect(joined.leg.audioTrackFrom({ identity: "intruder", isAgent: false })).toBe(false);
  expect(joined.leg.audioTrackFrom({ identity: reply.body.identity, isAgent: false })).toBe(true);
  await eventually(
    "greeting audio captured by the room's source",
    () => joined.playout.captured > 20,
  );
  const live = await api.call("GET", `/v1/calls/${reply.body.callId}`, { key });
  expect(live.body.phase).toBe("active");
});

test("the caller's speech reaches the model through the room, and talking over the agent truncates the reply at most at what the room was given", async () => {
  const { key, agentId } = await liveKitTenant(api, server);
  const reply = await openRoom(key, agentId);
  const joined = joins.joins[0];
  if (!joined) throw new Error("the agent did not join");
  joined.leg.audioTrackFrom({ identity: reply.body.identity, isAgent: false });
  await eventually("the greeting playing", () => joined.playout.captured > 30, 10_000);
  const appendedBefore = sim.appendedSamples;
  // The caller talks over the agent, in 20 ms frames as a room delivers them.
  const speech = callerRecording("en-hours.wav");
  let at = 0;
  const talking = setInterval(() => {
    if (at + 960 > speech.length) return clearInterval(talking);
    joined.leg.callerAudio(new AudioFrame(speech.slice(at, at + 960), 48_000, 1, 960));
    at += 960;
  }, 20);
  try {
    const truncate = await eventually(
      "the model told what was heard",
      () => sim.clientEvents.find((e) => e.event.type === "conversation.item.truncate"),
      10_000,
    );
    expect(sim.appendedSamples).toBeGreaterThan(appendedBefore);
    const heardMs = (truncate.event as { audio_end_ms: number }).audio_end_ms;
    // Never more than the room's source was given.
    expect(heardMs).toBeLessThanOrEqual(joined.playout.captured * 10);
  } finally {
    clearInterval(talking);
  }
});

test("hanging up from our side deletes the room, so the caller is not left in it", async () => {
  const { key, agentId } = await liveKitTenant(api, server);
  const reply = await openRoom(key, agentId);
  joins.joins[0]?.leg.audioTrackFrom({ identity: reply.body.identity, isAgent: false });
  const hangUp = await api.call("DELETE", `/v1/calls/${reply.body.callId}`, { key });
  expect(hangUp.status).toBe(204);
  await eventually("DeleteRoom sent", () => server.methods().includes("DeleteRoom"));
  const remove = server.requests.find((r) => r.method === "DeleteRoom");
  expect(remove?.body).toEqual({ room: reply.body.room });
  expect(remove?.claims.video).toEqual({ roomCreate: true });
  expect(server.rooms.has(reply.body.room)).toBe(false);
  expect(joins.joins[0]?.left).toBe(1);
});

test("without a livekit credential, for another tenant's agent, or with a bad body: refused, nothing made", async () => {
  const other = await liveKitTenant(api, server);
  const { key } = await api.tenantWithKey("No LiveKit");
  const agentId = await publishedAgent(api, key);
  const before = await snapshotDb(api.stores);

  const noCredential = await openRoom(key, agentId);
  expect(noCredential.status).toBe(409);
  expect(noCredential.body.error.message).toContain('credential: set one named "livekit"');
  expect((await openRoom(key, other.agentId)).status).toBe(404);
  const bad = await api.call("POST", "/v1/livekit/rooms", { key, body: { agentId: "nope" } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toContain("body.agentId");
  const extra = await api.call("POST", "/v1/livekit/rooms", {
    key,
    body: { agentId, grants: { roomAdmin: true } },
  });
  expect(extra.status).toBe(400);

  expect(server.requests).toEqual([]);
  expect(joins.joins).toEqual([]);
  expect(await snapshotDb(api.stores)).toBe(before);
});

test("a room service failure is a 502 naming LiveKit, and no call is left", async () => {
  const { key, agentId } = await liveKitTenant(api, server);
  server.failNext("CreateRoom", 500);
  const reply = await openRoom(key, agentId);
  expect(reply.status).toBe(502);
  expect(reply.body.error.details).toMatchObject({ provider: "livekit", action: "create_room" });
  expect(JSON.stringify(reply.body)).not.toContain(server.apiSecret);
  expect(joins.joins).toEqual([]);
  expect(api.registry.size).toBe(0);
});

test("when the agent cannot join, the room just made is deleted again", async () => {
  const { key, agentId } = await liveKitTenant(api, server);
  joins.failNext = true;
  const reply = await openRoom(key, agentId);
  expect(reply.status).toBe(502);
  expect(reply.body.error.details).toMatchObject({ provider: "livekit", action: "join_room" });
  expect(server.methods()).toEqual(["CreateRoom", "DeleteRoom"]);
  expect(server.rooms.size).toBe(0);
  expect(api.registry.size).toBe(0);
});

test("the tenant's concurrent-call limit and a draining machine refuse before any room is made", async () => {
  await api.close();
  await start({ maxConcurrentCallsPerTenant: 1 });
  const { key, agentId } = await liveKitTenant(api, server);
  expect((await openRoom(key, agentId)).status).toBe(201);
  const over = await openRoom(key, agentId);
  expect(over.status).toBe(429);
  expect(server.methods()).toEqual(["CreateRoom"]);

  api.calls.refuseNewCalls();
  const draining = await openRoom(key, agentId);
  expect(draining.status).toBe(503);
  expect(draining.body.error.code).toBe("draining");
  expect(server.methods()).toEqual(["CreateRoom"]);
});

test("a LiveKit URL on a private address is refused when the credential is set, unless the operator allows it", async () => {
  await api.close();
  await start({ allowPrivateEgress: [] });
  const { tenantId, key } = await api.tenantWithKey();
  const put = await api.call("PUT", `/v1/tenants/${tenantId}/credentials/livekit`, {
    key,
    body: { kind: "livekit", url: "ws://127.0.0.1:7880", apiKey: "devkey", apiSecret: "secret" },
  });
  expect(put.status).toBe(400);
  expect(put.body.error.message).toContain("body.url");
  expect(put.body.error.message).toContain("loopback");
});

test("with the real room library, a server without LiveKit's signalling fails the join: 502, and the room is deleted", async () => {
  await api.close();
  // No join given: the agent joins through @livekit/rtc-node, loaded on first use.
  api = await startTestApi({ modelBaseUrl: sim.url, allowPrivateEgress: ["127.0.0.0/8"] });
  const { key, agentId } = await liveKitTenant(api, server);
  const reply = await openRoom(key, agentId);
  expect(reply.status).toBe(502);
  expect(reply.body.error.details).toMatchObject({ provider: "livekit", action: "join_room" });
  expect(server.methods()).toEqual(["CreateRoom", "DeleteRoom"]);
  expect(api.registry.size).toBe(0);
});
