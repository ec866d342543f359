import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi, TEST_CLIENT_HEADER, type TestApi } from "../test/api-harness";
import { whatsappFixtureOffer } from "../test/caller-peer";
import { eventually } from "../test/eventually";
import { FakeGraphApi } from "../test/fake-graph-api";
import {
  type RedisTestServer,
  redisServerInstalled,
  startRedisServer,
} from "../test/redis-test-server";
import { startSilentServer } from "../test/silent-server";
import { APP_SECRET, connectBody, metaLine, postWebhook } from "../test/whatsapp-line";
import { type ModelSimulator, startModelSimulator } from "./models/simulator/server";
import { BunRedisCommands } from "./session/bun-redis-commands";
import { MemorySessionStore } from "./session/memory-session-store";
import { openSessionStore } from "./session/open-session-store";
import { RedisSessionStore } from "./session/redis-session-store";
import type { SessionStore } from "./session/session-store";
import { eventuallyAsync } from "./session/session-store-contract";

// Two gateway machines: two apps, each with its own Redis client, sharing one redis-server and
// one database file, as two Fly machines share Upstash and the primary database.
let redis: RedisTestServer;
let sim: ModelSimulator;
let graph: FakeGraphApi;
let folder: string;
const opened: Array<TestApi | SessionStore> = [];

beforeAll(async () => {
  if (!redisServerInstalled) return;
  redis = await startRedisServer();
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
  graph = new FakeGraphApi();
});
afterAll(async () => {
  await redis?.close();
  sim?.stop();
  graph?.stop();
});
afterEach(async () => {
  for (const part of opened.splice(0).reverse()) await part.close();
  rmSync(folder, { recursive: true, force: true });
  graph.requests.length = 0;
});

type Options = Parameters<typeof startTestApi>[0];

/** Machines A and B, started one after the other on the same database and Redis. */
async function twoMachines(options: Options): Promise<[TestApi, TestApi]> {
  folder = mkdtempSync(join(tmpdir(), "astra-machines-"));
  const shared = {
    dbUrl: `file:${join(folder, "gateway.db")}`,
    secretsKey: crypto.getRandomValues(new Uint8Array(32)),
    modelBaseUrl: sim.url,
    graphUrl: graph.url,
    whatsappAppSecret: APP_SECRET,
    ...options,
  };
  const machine = async () => {
    const store = new RedisSessionStore("redis", new BunRedisCommands(redis.url), "astra:");
    opened.push(store);
    const api = await startTestApi({ ...shared, sessionStore: store });
    opened.push(api);
    return api;
  };
  const a = await machine();
  return [a, await machine()];
}

/** `count` requests at once, alternating between the machines. */
function spread<T>(machines: TestApi[], count: number, send: (api: TestApi) => Promise<T>) {
  return Promise.all(
    Array.from({ length: count }, (_, i) => send(machines[i % machines.length] as TestApi)),
  );
}

const statuses = (replies: Array<{ status: number }>) =>
  replies.reduce<Record<number, number>>((seen, { status }) => {
    seen[status] = (seen[status] ?? 0) + 1;
    return seen;
  }, {});

describe.skipIf(!redisServerInstalled)("limits across two machines sharing Redis", () => {
  test("a key spreading its requests over both machines still gets its limit once", async () => {
    const machines = await twoMachines({ rateLimitPerMinute: 10 });
    const { key } = await machines[0].tenantWithKey();
    const replies = await spread(machines, 30, (api) => api.call("GET", "/v1/agents", { key }));
    expect(statuses(replies)).toEqual({ 200: 10, 429: 20 });
    const refused = replies.find((r) => r.status === 429);
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused?.body.error.message).toContain("10 requests per minute for this key");
    // Each machine says how many are left of the one shared allowance.
    const left = replies.map((r) => r.headers.get("ratelimit-remaining")).filter(Boolean);
    expect(new Set(left).size).toBe(10);
  });

  test("a tenant's keys on both machines share the tenant's limit; other tenants are untouched", async () => {
    const machines = await twoMachines({
      rateLimitPerMinute: 1000,
      rateLimitPerTenantPerMinute: 12,
    });
    const [a, b] = machines;
    const { tenantId, key } = await a.tenantWithKey();
    const second = (await b.call("POST", `/v1/tenants/${tenantId}/keys`, { body: { name: "b" } }))
      .body.key;
    const other = await b.tenantWithKey("Other");
    const replies = await spread(machines, 30, (api) =>
      api.call("GET", "/v1/agents", { key: api === a ? key : second }),
    );
    expect(statuses(replies)).toEqual({ 200: 12, 429: 18 });
    expect((await a.call("GET", "/v1/agents", { key: other.key })).status).toBe(200);
  });

  test("one address's unauthenticated requests are limited once over both machines", async () => {
    const machines = await twoMachines({ publicRateLimitPerMinute: 6 });
    const replies = await spread(machines, 20, (api) =>
      api.call("GET", "/healthz", { key: null, headers: { [TEST_CLIENT_HEADER]: "203.0.113.9" } }),
    );
    expect(statuses(replies)).toEqual({ 200: 6, 429: 14 });
  });

  test("a tenant's concurrent-call cap holds over both machines, and a webhook sent to both acts once", async () => {
    // Calls stay up until the test ends them, however slowly a loaded machine sets them up.
    const machines = await twoMachines({
      maxConcurrentCallsPerTenant: 3,
      connectTimeoutMs: 60_000,
    });
    const [a, b] = machines;
    const { tenantId } = await metaLine(a, graph.accessToken);
    // A burst of distinct calls split over both: the tenant gets 3 live calls in all, not 3 each.
    const flood = await spread(machines, 12, (api) =>
      postWebhook(api, connectBody(`wacid.flood${crypto.randomUUID()}`, whatsappFixtureOffer())),
    );
    expect(flood.every((r) => r.status === 200)).toBe(true);
    await Promise.all([a.background.idle(), b.background.idle()]);
    expect(graph.callActions("accept")).toHaveLength(3);
    expect(graph.callActions("reject")).toHaveLength(9);
    expect(a.registry.size + b.registry.size).toBe(3);
    // Either machine reports the tenant's live calls on both.
    const plan = await b.call("GET", `/v1/tenants/${tenantId}/plan`);
    expect(plan.body.liveCalls).toBe(3);

    // The calls end and give their slots back.
    await Promise.all([a.registry.drain(0, 0), b.registry.drain(0, 0)]);
    await eventuallyAsync(
      "the slots to be given back",
      async () => (await a.call("GET", `/v1/tenants/${tenantId}/plan`)).body.liveCalls === 0,
    );
    // The same connect delivered to both machines at once is answered once.
    const twice = connectBody("wacid.twice", whatsappFixtureOffer());
    const same = await Promise.all([postWebhook(a, twice), postWebhook(b, twice)]);
    expect(same.map((r) => r.status)).toEqual([200, 200]);
    await Promise.all([a.background.idle(), b.background.idle()]);
    expect(graph.callActions("accept")).toHaveLength(4);
    expect(graph.callActions("reject")).toHaveLength(9);
    // One call record for it: 12 for the burst, 1 for the repeated webhook.
    const records = (await a.call("GET", "/v1/conversations?limit=50")).body.data;
    expect(records).toHaveLength(13);
  }, 40_000);

  test("the same Idempotency-Key sent to both machines at once places one call", async () => {
    const [a, b] = await twoMachines({});
    const line = await metaLine(a, graph.accessToken);
    graph.setPermission("919800000002", {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    const place = (api: TestApi) =>
      api.call("POST", "/v1/calls", {
        key: line.key,
        body: { agentId: line.agentId, channel: "whatsapp", to: "+919800000002" },
        headers: { "idempotency-key": "order-B-9" },
      });
    const replies = await Promise.all([place(a), place(b), place(a), place(b)]);
    const placed = replies.filter((r) => r.status === 202);
    expect(placed).toHaveLength(1);
    // The others get that same call (or, while it is still being placed, a 409 to retry).
    for (const reply of replies.filter((r) => r.status !== 202)) {
      if (reply.status === 200) expect(reply.body.callId).toBe(placed[0]?.body.callId);
      else expect(reply.status).toBe(409);
    }
    await eventually("the call to be dialled", () => graph.callActions("connect").length >= 1);
    await Promise.all([a.background.idle(), b.background.idle()]);
    expect(graph.callActions("connect")).toHaveLength(1);
    const calls = (await b.call("GET", "/v1/conversations", { key: line.key })).body.data;
    expect(calls).toHaveLength(1);
    // Another tenant's same key is its own: it places its own call.
    const other = await metaLine(b, graph.accessToken, {}, { phoneNumberId: "106540352242999" });
    const theirs = await b.call("POST", "/v1/calls", {
      key: other.key,
      body: { agentId: other.agentId, channel: "whatsapp", to: "+919800000002" },
      headers: { "idempotency-key": "order-B-9" },
    });
    expect(theirs.status).toBe(202);
    expect(theirs.body.callId).not.toBe(placed[0]?.body.callId);
  }, 30_000);
});

describe.skipIf(!redisServerInstalled)("limits while the session store is unreachable", () => {
  /** One machine whose Redis refuses connections (nothing listens on the port), or `store`. */
  async function cutOff(options: Options, store?: SessionStore): Promise<TestApi> {
    folder = mkdtempSync(join(tmpdir(), "astra-machines-"));
    store ??= new RedisSessionStore(
      "redis",
      new BunRedisCommands("redis://127.0.0.1:9", { maxRetries: 0 }),
      "astra:",
    );
    opened.push(store);
    const api = await startTestApi({
      modelBaseUrl: sim.url,
      graphUrl: graph.url,
      whatsappAppSecret: APP_SECRET,
      sessionStore: store,
      ...options,
    });
    opened.push(api);
    return api;
  }

  test("rate limits fall back to this machine's own, with one warning", async () => {
    const api = await cutOff({ rateLimitPerMinute: 3 });
    const { key } = await api.tenantWithKey();
    const replies: number[] = [];
    for (let i = 0; i < 4; i++) replies.push((await api.call("GET", "/v1/agents", { key })).status);
    expect(replies).toEqual([200, 200, 200, 429]);
    const warnings = api.logLines.filter((l) => l.includes("rate limits are per machine"));
    // One per limit (per address, per key, per tenant), not one per request.
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThanOrEqual(3);
  });

  test("calls are still answered within the tenant's cap, once per webhook, and placed once per key", async () => {
    const api = await cutOff({ maxConcurrentCallsPerTenant: 2, connectTimeoutMs: 60_000 });
    const line = await metaLine(api, graph.accessToken);
    const twice = connectBody("wacid.cut-twice", whatsappFixtureOffer());
    const bodies = [
      twice,
      twice,
      ...[1, 2, 3].map((i) => connectBody(`wacid.cut${i}`, whatsappFixtureOffer())),
    ];
    await Promise.all(bodies.map((body) => postWebhook(api, body)));
    await api.background.idle();
    // The line keeps answering: the cap (2) holds on this machine, the repeat is ignored.
    expect(graph.callActions("accept")).toHaveLength(2);
    expect(graph.callActions("reject")).toHaveLength(2);
    expect(api.logLines.some((l) => l.includes("tenant call caps are per machine"))).toBe(true);

    graph.setPermission("919800000003", {
      status: "granted",
      canStartCall: false,
      canRequestPermission: true,
    });
    const place = () =>
      api.call("POST", "/v1/calls", {
        key: line.key,
        body: { agentId: line.agentId, channel: "whatsapp", to: "+919800000003" },
        headers: { "idempotency-key": "cut-off-1" },
      });
    await api.registry.drain(0, 0);
    const first = await place();
    const again = await place();
    expect([first.status, again.status]).toEqual([202, 200]);
    expect(again.body.callId).toBe(first.body.callId);
  }, 40_000);

  test("a store that accepts connections but never answers delays nothing for long: each limit falls back", async () => {
    const silent = startSilentServer();
    // The setting's default is a few hundred ms; short here so the fallbacks show at once.
    const store = openSessionStore({
      backend: "redis",
      url: `redis://127.0.0.1:${silent.port}`,
      namespace: "astra:",
      timeoutMs: 100,
    });
    const api = await cutOff({ connectTimeoutMs: 60_000 }, store);
    const line = await metaLine(api, graph.accessToken);
    // API requests are answered (limited per machine meanwhile).
    expect((await api.call("GET", "/v1/agents", { key: line.key })).status).toBe(200);
    // A webhook is acknowledged and acted on once: the call is answered.
    const raw = connectBody("wacid.silent-1", whatsappFixtureOffer());
    const acks = await Promise.all([postWebhook(api, raw), postWebhook(api, raw)]);
    expect(acks.map((r) => r.status)).toEqual([200, 200]);
    await api.background.idle();
    expect(graph.callActions("accept")).toHaveLength(1);
    const warned = (what: string) => api.logLines.some((l) => l.includes(what));
    expect(warned("rate limits are per machine")).toBe(true);
    expect(warned("webhook receipts judged by the database alone")).toBe(true);
    expect(warned("tenant call caps are per machine")).toBe(true);
    expect(api.logLines.some((l) => l.includes("did not answer"))).toBe(true);
    silent.close();
  }, 30_000);
});

describe("an Idempotency-Key another machine is still placing", () => {
  test("is answered 409 with Retry-After after a short wait, and placed once that machine lets go", async () => {
    const store = new MemorySessionStore();
    opened.push(store);
    folder = mkdtempSync(join(tmpdir(), "astra-machines-"));
    graph ??= new FakeGraphApi();
    const api = await startTestApi({
      graphUrl: graph.url,
      whatsappAppSecret: APP_SECRET,
      sessionStore: store,
    });
    opened.push(api);
    const line = await metaLine(api, graph.accessToken);
    graph.setPermission("919800000004", {
      status: "granted",
      canStartCall: false,
      canRequestPermission: true,
    });
    // Another machine took the key and has not written its call yet (or died doing so).
    await store.set(`idem:${line.tenantId}:order-C-3`, "call_elsewhere", 60_000);
    const place = () =>
      api.call("POST", "/v1/calls", {
        key: line.key,
        body: { agentId: line.agentId, channel: "whatsapp", to: "+919800000004" },
        headers: { "idempotency-key": "order-C-3" },
      });
    const busy = await place();
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toContain("still being placed");
    expect(busy.headers.get("retry-after")).toBe("1");
    expect(graph.callActions()).toHaveLength(0);
    // Its claim lapses (here: released): the retry places the call.
    await store.delete(`idem:${line.tenantId}:order-C-3`);
    expect((await place()).status).toBe(202);
  });
});
