import { afterAll, beforeAll, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi, type TestApi } from "../test/api-harness";
import { whatsappFixtureOffer } from "../test/caller-peer";
import { FakeGraphApi } from "../test/fake-graph-api";
import { APP_SECRET, connectBody, metaLine, postWebhook } from "../test/whatsapp-line";
import { type ModelSimulator, startModelSimulator } from "./models/simulator/server";
import { MemorySessionStore } from "./session/memory-session-store";

// Two machines that share the session store but whose databases do not see each other's writes:
// regional replicas whose primary is out of reach keep their calls' writes in local outboxes
// meanwhile. No unique key in a database can then stop the two from acting on the same thing:
// only the store's atomic claims can.
const folder = mkdtempSync(join(tmpdir(), "astra-claims-"));
const store = new MemorySessionStore();
const graph = new FakeGraphApi();
const secretsKey = crypto.getRandomValues(new Uint8Array(32));
let sim: ModelSimulator;
let a: TestApi;
let b: TestApi;
let line: { tenantId: string; key: string; agentId: string };

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
  const options = {
    secretsKey,
    modelBaseUrl: sim.url,
    graphUrl: graph.url,
    whatsappAppSecret: APP_SECRET,
    connectTimeoutMs: 60_000,
  };
  // The tenant, its line and agent are set up once, then each machine starts on its own copy.
  const setup = await startTestApi({ ...options, dbUrl: `file:${join(folder, "setup.db")}` });
  line = await metaLine(setup, graph.accessToken);
  await setup.close();
  const copy = (name: string) => {
    for (const suffix of ["", "-wal"]) {
      const from = join(folder, `setup.db${suffix}`);
      if (existsSync(from)) copyFileSync(from, join(folder, `${name}.db${suffix}`));
    }
    return `file:${join(folder, `${name}.db`)}`;
  };
  a = await startTestApi({ ...options, dbUrl: copy("a"), sessionStore: store });
  b = await startTestApi({ ...options, dbUrl: copy("b"), sessionStore: store });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await store.close();
  sim?.stop();
  graph.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** The calls in one machine's database, of one direction. */
const conversations = async (api: TestApi, direction: "inbound" | "outbound") =>
  (
    (await api.call("GET", "/v1/conversations", { key: line.key })).body.data as Array<{
      direction: string;
    }>
  ).filter((call) => call.direction === direction);

test("the same call webhook delivered to both at once is answered once", async () => {
  const raw = connectBody("wacid.apart-1", whatsappFixtureOffer());
  const acks = await Promise.all([postWebhook(a, raw), postWebhook(b, raw)]);
  expect(acks.map((ack) => ack.status)).toEqual([200, 200]);
  await Promise.all([a.background.idle(), b.background.idle()]);
  expect(graph.callActions("accept")).toHaveLength(1);
  expect(a.registry.size + b.registry.size).toBe(1);
  const inbound = [...(await conversations(a, "inbound")), ...(await conversations(b, "inbound"))];
  expect(inbound).toHaveLength(1);
  await Promise.all([a.registry.drain(0, 0), b.registry.drain(0, 0)]);
}, 30_000);

test("the same Idempotency-Key sent to both at once places one call", async () => {
  graph.setPermission("919800000005", {
    status: "granted",
    canStartCall: true,
    canRequestPermission: false,
  });
  const place = (api: TestApi) =>
    api.call("POST", "/v1/calls", {
      key: line.key,
      body: { agentId: line.agentId, channel: "whatsapp", to: "+919800000005" },
      headers: { "idempotency-key": "order-apart-1" },
    });
  const replies = await Promise.all([place(a), place(b)]);
  // One places it; the other cannot see that call in its database and says to retry.
  expect(replies.map((r) => r.status).sort()).toEqual([202, 409]);
  await Promise.all([a.background.idle(), b.background.idle()]);
  expect(graph.callActions("connect")).toHaveLength(1);
  const outbound = [
    ...(await conversations(a, "outbound")),
    ...(await conversations(b, "outbound")),
  ];
  expect(outbound).toHaveLength(1);
}, 30_000);
