import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "bun:test";
import { snapshotDb, startTestApi, type TestApi } from "../../test/api-harness";
import { eventually } from "../../test/eventually";
import {
  liveKitTenant,
  postWebhook,
  RecordedJoins,
  signWebhook,
  webhookBody,
} from "../../test/livekit-server/livekit-side";
import { FakeLiveKitServer } from "../../test/livekit-server/server";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";

let sim: ModelSimulator;
let server: FakeLiveKitServer;
let joins: RecordedJoins;
let api: TestApi;

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 4, firstAudioDelayMs: 10 } });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  server = new FakeLiveKitServer().start();
  joins = new RecordedJoins();
  api = await startTestApi({
    modelBaseUrl: sim.url,
    allowPrivateEgress: ["127.0.0.0/8"],
    livekitJoin: joins.join,
  });
});
afterEach(async () => {
  await api.close();
  await server.stop();
});

/** A tenant whose agent answers rooms named `support-…`. */
async function boundTenant() {
  const tenant = await liveKitTenant(api, server);
  const binding = await api.call("POST", "/v1/bindings", {
    key: tenant.key,
    body: { agentId: tenant.agentId, channel: "livekit", address: "support-" },
  });
  expect(binding.status).toBe(201);
  return { ...tenant, bindingId: binding.body.id as string };
}

async function deliver(tenantId: string, body: string) {
  const reply = await postWebhook(
    api,
    tenantId,
    body,
    await signWebhook(body, server.apiKey, server.apiSecret),
  );
  await api.background.idle();
  return reply;
}

const ROOM = { sid: "RM_support42", name: "support-42" };

test("a webhook signed by livekit-server-sdk's own code is accepted", async () => {
  const { tenantId } = await liveKitTenant(api, server);
  const body = webhookBody("room_started", { sid: "RM_x", name: "unbound-room" });
  const reply = await postWebhook(
    api,
    tenantId,
    body,
    await signWebhook(body, server.apiKey, server.apiSecret),
  );
  expect(reply.status).toBe(200);
  expect(reply.body).toEqual({ received: true });
});

test("any change to the body, the token or its expiry is refused with 401, and nothing is stored", async () => {
  const { tenantId } = await boundTenant();
  const otherServer = new FakeLiveKitServer("APIotherKey", "other-secret-0123456789").start();
  const other = await liveKitTenant(api, otherServer);
  await otherServer.stop();
  const body = webhookBody("room_started", ROOM);
  const good = await signWebhook(body, server.apiKey, server.apiSecret);
  const [header = "", payload = "", signature = ""] = good.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  const otherBody = body.replace("support-42", "support-43");
  const otherHash = Buffer.from(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(otherBody)),
  ).toString("base64");
  const reclaimed = Buffer.from(JSON.stringify({ ...claims, sha256: otherHash })).toString(
    "base64url",
  );
  const flipped = signature.slice(0, -2) + (signature.endsWith("AA") ? "BB" : "AA");
  const before = await snapshotDb(api.stores);

  const attempts: [string, string, string | null, string?][] = [
    ["no token", body, null],
    ["body changed after signing", otherBody, good],
    [
      "a token for another body",
      body,
      await signWebhook(otherBody, server.apiKey, server.apiSecret),
    ],
    ["claims changed without signing again", otherBody, `${header}.${reclaimed}.${signature}`],
    ["signature changed", body, `${header}.${payload}.${flipped}`],
    ["signed with another secret", body, await signWebhook(body, server.apiKey, "not-the-secret")],
    ["expired a minute ago", body, await signWebhook(body, server.apiKey, server.apiSecret, "-1m")],
    [
      "another tenant's key",
      body,
      await signWebhook(body, "APIotherKey", "other-secret-0123456789"),
    ],
    ["not a token", body, "Bearer not.a.jwt"],
    ["another tenant's route", body, good, other.tenantId],
  ];
  for (const [what, sent, token, route] of attempts) {
    const reply = await postWebhook(api, route ?? tenantId, sent, token);
    expect({ what, status: reply.status }).toEqual({ what, status: 401 });
    expect(reply.body.error.code).toBe("unauthorized");
  }
  await api.background.idle();
  expect(joins.joins).toEqual([]);
  expect(await snapshotDb(api.stores)).toBe(before);
  // The untouched delivery still goes through.
  expect((await deliver(tenantId, body)).status).toBe(200);
  expect(joins.joins.length).toBe(1);
});

test("a room named with a binding's prefix is joined once, whichever event reports it and however often", async () => {
  const { tenantId, agentId, bindingId } = await boundTenant();
  const started = webhookBody("room_started", ROOM);
  expect((await deliver(tenantId, started)).body).toEqual({ received: true });
  // The same event again: acknowledged, not acted on.
  expect((await deliver(tenantId, started)).body).toEqual({ received: true, duplicate: true });
  // Another event about the same room: the room is joined already.
  await deliver(tenantId, webhookBody("participant_joined", ROOM, { identity: "visitor" }));
  expect(joins.joins.length).toBe(1);
  // No caller named: the first participant who is not an agent will be.
  expect(joins.joins[0]?.request.callerIdentity).toBeUndefined();
  expect(joins.joins[0]?.request.url).toBe(server.url.replace("http:", "ws:"));

  const live = api.registry.byProviderCallId({ tenantId, channel: "livekit" }, ROOM.sid);
  expect(live?.agentId).toBe(agentId);
  const record = await api.stores.calls.get(null, live?.session.id ?? "");
  expect(record.channel).toBe("livekit");
  const row = await api.stores.db.execute({
    sql: "SELECT binding_id FROM calls WHERE id = ?",
    args: [record.id],
  });
  expect(row.rows[0]?.binding_id).toBe(bindingId);
});

test("rooms of no binding, the gateway's own rooms and agents joining are not joined", async () => {
  const { tenantId } = await boundTenant();
  await deliver(tenantId, webhookBody("room_started", { sid: "RM_sales", name: "sales-1" }));
  await deliver(
    tenantId,
    webhookBody("room_started", { sid: "RM_ours", name: `av-${tenantId}-${"a".repeat(26)}` }),
  );
  await deliver(
    tenantId,
    webhookBody(
      "participant_joined",
      { sid: "RM_s7", name: "support-7" },
      { identity: "bot", kind: 4 },
    ),
  );
  expect(joins.joins).toEqual([]);
});

test("the caller leaving (by the webhook) ends the call; someone else leaving does not", async () => {
  const { tenantId } = await boundTenant();
  await deliver(tenantId, webhookBody("room_started", ROOM));
  const joined = joins.joins[0];
  joined?.leg.audioTrackFrom({ identity: "visitor", isAgent: false });
  const live = api.registry.byProviderCallId({ tenantId, channel: "livekit" }, ROOM.sid);
  if (!live) throw new Error("no live call");

  await deliver(tenantId, webhookBody("participant_left", ROOM, { identity: "bystander" }));
  expect(api.registry.get(live.session.id)).toBeDefined();
  await deliver(tenantId, webhookBody("participant_left", ROOM, { identity: "visitor" }));
  expect(await live.session.ended).toBe("caller_hung_up");
  // The caller is gone already: nobody to remove, and someone else's room is never deleted.
  await api.background.idle();
  expect(server.requests).toEqual([]);
  expect(joined?.left).toBe(1);
});

test("room_finished ends the room's call", async () => {
  const { tenantId } = await boundTenant();
  await deliver(tenantId, webhookBody("room_started", ROOM));
  const live = api.registry.byProviderCallId({ tenantId, channel: "livekit" }, ROOM.sid);
  await deliver(tenantId, webhookBody("room_finished", ROOM));
  expect(await live?.session.ended).toBe("provider_terminated");
});

test("hanging up a bound room's call removes the caller from it, with a grant for that room only", async () => {
  const { tenantId, key } = await boundTenant();
  await deliver(tenantId, webhookBody("room_started", ROOM));
  joins.joins[0]?.leg.audioTrackFrom({ identity: "visitor", isAgent: false });
  const live = api.registry.byProviderCallId({ tenantId, channel: "livekit" }, ROOM.sid);
  const hangUp = await api.call("DELETE", `/v1/calls/${live?.session.id}`, { key });
  expect(hangUp.status).toBe(204);
  await eventually("RemoveParticipant sent", () => server.requests.length > 0);
  expect(server.methods()).toEqual(["RemoveParticipant"]);
  const [remove] = server.requests;
  expect(remove?.body).toEqual({ room: ROOM.name, identity: "visitor" });
  expect(remove?.claims.video).toEqual({ roomAdmin: true, room: ROOM.name });
});

test("the caller of a room the gateway made leaving ends its call, and the room is deleted", async () => {
  const { tenantId, key, agentId } = await liveKitTenant(api, server);
  const opened = await api.call("POST", "/v1/livekit/rooms", { key, body: { agentId } });
  const sid = server.rooms.get(opened.body.room)?.sid ?? "";
  joins.joins[0]?.leg.audioTrackFrom({ identity: opened.body.identity, isAgent: false });
  await deliver(
    tenantId,
    webhookBody(
      "participant_left",
      { sid, name: opened.body.room },
      { identity: opened.body.identity },
    ),
  );
  const record = await eventually("the call ended", async () => {
    const call = await api.stores.calls.get(null, opened.body.callId);
    return call.endReason ? call : undefined;
  });
  void record;
  await eventually("DeleteRoom sent", () => server.methods().includes("DeleteRoom"));
  expect(server.rooms.has(opened.body.room)).toBe(false);
});
