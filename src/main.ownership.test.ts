import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CallerPeer, createCallerPeer } from "../test/caller-peer";
import { eventually } from "../test/eventually";
import { FakeGraphApi } from "../test/fake-graph-api";
import { GatewayProcess } from "../test/gateway-process";
import { parseExposition, sampleValue } from "../test/prometheus-text";
import {
  type RedisTestServer,
  redisServerInstalled,
  startRedisServer,
} from "../test/redis-test-server";
import { hubSignature } from "../test/webhook-signing";
import { APP_SECRET, connectBody, PHONE_NUMBER_ID, terminateBody } from "../test/whatsapp-line";

// Two gateway machines behind one (simulated) Fly proxy, sharing one Redis and one database:
// what reaches the machine that does not hold a call is handed to the one that does.
const ADMIN_KEY = "av_admin_ownership-test-key-0123456789";
const LEASE_SECONDS = 2;
const workDir = mkdtempSync(join(tmpdir(), "astra-ownership-"));
const graph = new FakeGraphApi();
const callers: CallerPeer[] = [];
let redis: RedisTestServer | undefined;
let a: GatewayProcess;
let b: GatewayProcess;
let tenantId = "";

const machine = (id: string) =>
  new GatewayProcess({
    workDir,
    adminKey: ADMIN_KEY,
    env: {
      MACHINE_ID: id,
      REDIS_URL: redis?.url ?? "",
      CALL_LEASE_SECONDS: String(LEASE_SECONDS),
      WHATSAPP_GRAPH_URL: graph.url,
      WHATSAPP_APP_SECRET: APP_SECRET,
    },
  });

beforeAll(async () => {
  if (!redisServerInstalled) return;
  redis = await startRedisServer();
  a = machine("machine-a");
  b = machine("machine-b");
  // One after the other: the first creates the database and the secrets key the second reads.
  await a.start();
  await b.start();
  const tenant = (await a.api("POST", "/v1/tenants", { name: "Two Machines Dental" })).body;
  tenantId = tenant.id;
  const agent = (await a.api("POST", "/v1/agents", { tenantId, name: "Front desk" })).body;
  await a.api("POST", `/v1/agents/${agent.id}/publish`);
  await a.api("PUT", `/v1/tenants/${tenantId}/credentials/whatsapp_cloud`, {
    kind: "whatsapp_cloud",
    accessToken: graph.accessToken,
  });
  await a.api("POST", "/v1/bindings", {
    tenantId,
    agentId: agent.id,
    channel: "whatsapp_cloud",
    address: PHONE_NUMBER_ID,
  });
}, 60_000);

afterAll(async () => {
  for (const caller of callers) caller.close();
  await a?.kill();
  await b?.kill();
  await redis?.close();
  graph.stop();
  rmSync(workDir, { recursive: true, force: true });
});

/** A signed Meta webhook delivery, as Fly's proxy first sends it or as it replays it. */
function deliver(to: GatewayProcess, raw: string, replayedFrom?: string) {
  return fetch(`${to.base}/webhooks/whatsapp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-hub-signature-256": hubSignature(raw, APP_SECRET),
      ...(replayedFrom && { "fly-replay-src": `instance=${replayedFrom};state=` }),
    },
    body: raw,
  });
}

function request(to: GatewayProcess, method: string, path: string, replayedFrom?: string) {
  return fetch(`${to.base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_KEY}`,
      ...(replayedFrom && { "fly-replay-src": `instance=${replayedFrom};state=` }),
    },
  });
}

/** Our ids of the calls WhatsApp's call `providerCallId` made. */
async function callsFor(providerCallId: string): Promise<string[]> {
  const list = await a.api("GET", `/v1/conversations?tenantId=${tenantId}&limit=100`);
  return (list.body.data as { id: string; providerCallId: string | null }[])
    .filter((call) => call.providerCallId === providerCallId)
    .map((call) => call.id);
}

/** A WhatsApp user calls; the call is answered by `machines` and its media connects. */
async function inboundCall(providerCallId: string, ...machines: GatewayProcess[]) {
  const caller = await createCallerPeer({ whatsappStyle: true });
  callers.push(caller);
  const raw = connectBody(providerCallId, caller.offerSdp);
  const acks = await Promise.all(machines.map((m) => deliver(m, raw)));
  const accepted = () =>
    graph.callActions("accept").filter((r) => r.body.call_id === providerCallId);
  await eventually("the call to be accepted", () => accepted().length > 0, 15_000);
  await caller.answer(accepted()[0]?.body.session.sdp);
  await caller.waitForAudio(300, 15_000);
  await until("its record", async () => (await callsFor(providerCallId)).length > 0);
  const [callId] = await callsFor(providerCallId);
  return { caller, callId: callId as string, acks, accepted };
}

/** Awaits `check` every 50 ms until it is true, or fails after `timeoutMs`. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(50);
  }
}

const live = async (on: GatewayProcess, callId: string) =>
  (await request(on, "GET", `/v1/calls/${callId}`, "proxy")).json() as Promise<{
    live: boolean;
    endReason: string | null;
  }>;

describe.skipIf(!redisServerInstalled)("calls across two machines", () => {
  test("an SSE request and a terminate webhook sent to B are replayed on A, which acts on them", async () => {
    const { callId } = await inboundCall("wacid.own-1", a);

    const sseOnB = await request(b, "GET", `/v1/calls/${callId}/events`);
    expect(sseOnB.status).toBe(421);
    expect(sseOnB.headers.get("fly-replay")).toBe("instance=machine-a");
    // The proxy replays it on A: the stream of the live call.
    const sse = await request(a, "GET", `/v1/calls/${callId}/events`, "machine-b");
    expect(sse.status).toBe(200);
    expect(sse.headers.get("content-type")).toContain("text/event-stream");
    const streamed = new Response(sse.body).text();

    // Longer than two leases: the lease is renewed and the call stays A's.
    await Bun.sleep(LEASE_SECONDS * 2500);
    const terminate = terminateBody("wacid.own-1");
    const onB = await deliver(b, terminate);
    expect(onB.status).toBe(421);
    expect(onB.headers.get("fly-replay")).toBe("instance=machine-a");
    // B did nothing: the call goes on.
    expect((await live(a, callId)).live).toBe(true);
    // B's /metrics counts both hand-offs to the owner, by road.
    const onBMetrics = parseExposition(await (await fetch(`${b.base}/metrics`)).text());
    const toOwner = (route_kind: string) =>
      sampleValue(onBMetrics, "astra_fly_replays_total", { target: "owner", route_kind });
    expect([toOwner("api"), toOwner("webhook")]).toEqual([1, 1]);

    expect((await deliver(a, terminate, "machine-b")).status).toBe(200);
    expect(await streamed).toContain("event: ended");
    await until("the call's record to end", async () => !(await live(a, callId)).live);
    expect((await live(b, callId)).endReason).toBe("caller_hung_up");
  }, 60_000);

  test("a hang-up sent to B is replayed on A; a replayed request is never replayed again", async () => {
    const { callId } = await inboundCall("wacid.own-2", a);
    const onB = await request(b, "DELETE", `/v1/calls/${callId}`);
    expect(onB.status).toBe(421);
    expect(onB.headers.get("fly-replay")).toBe("instance=machine-a");
    const stateOnB = await request(b, "GET", `/v1/calls/${callId}`);
    expect(stateOnB.headers.get("fly-replay")).toBe("instance=machine-a");
    // A request the proxy already replayed and that still missed the call is not sent round again.
    const looped = await request(b, "DELETE", `/v1/calls/${callId}`, "machine-a");
    expect(looped.status).toBe(404);
    expect(looped.headers.get("fly-replay")).toBeNull();
    expect((await live(a, callId)).live).toBe(true);

    expect((await request(a, "DELETE", `/v1/calls/${callId}`, "machine-b")).status).toBe(204);
    await until("the call to end", async () => !(await live(a, callId)).live);
    expect((await live(a, callId)).endReason).toBe("hung_up_by_api");
  }, 60_000);

  test("the same call webhook delivered to A and B at once makes one call", async () => {
    const { callId, acks, accepted } = await inboundCall("wacid.own-3", a, b);
    expect(acks.every((ack) => ack.status === 200 || ack.status === 421)).toBe(true);
    await Bun.sleep(1000);
    expect(await callsFor("wacid.own-3")).toEqual([callId]);
    expect(accepted()).toHaveLength(1);
    // The hang-up reaches the machine holding the call, through the proxy if it landed on B.
    const terminate = await deliver(a, terminateBody("wacid.own-3"));
    if (terminate.status === 421) {
      expect(terminate.headers.get("fly-replay")).toBe("instance=machine-b");
      expect((await deliver(b, terminateBody("wacid.own-3"), "machine-a")).status).toBe(200);
    } else expect(terminate.status).toBe(200);
    await until("the call to end", async () => (await live(a, callId)).endReason !== null);
  }, 60_000);

  test("when A is killed, B marks A's live call interrupted once its lease expires", async () => {
    const { callId } = await inboundCall("wacid.own-4", a);
    expect((await live(a, callId)).live).toBe(true);
    await a.kill();
    // The lease (2 s) runs out, then B's next sweep (every lease) closes it.
    await until(
      "B to close the call",
      async () => (await live(b, callId)).endReason === "gateway_restarted",
      LEASE_SECONDS * 1000 * 4,
    );
    const record = (await b.api("GET", `/v1/conversations/${callId}`)).body;
    expect(record.status).toBe("ended");
    expect(record.endedAt).not.toBeNull();
    // Nothing holds it any more: a hang-up on B finds no live call instead of a replay.
    const hangUp = await request(b, "DELETE", `/v1/calls/${callId}`);
    expect(hangUp.status).toBe(404);
  }, 60_000);
});
