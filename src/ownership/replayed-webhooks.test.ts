import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { whatsappFixtureOffer } from "../../test/caller-peer";
import { eventually } from "../../test/eventually";
import { FakeGraphApi } from "../../test/fake-graph-api";
import { hubSignature } from "../../test/webhook-signing";
import {
  APP_SECRET,
  connectBody,
  metaLine,
  postWebhook,
  terminateBody,
} from "../../test/whatsapp-line";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";
import { MemorySessionStore } from "../session/memory-session-store";
import { eventuallyAsync } from "../session/session-store-contract";

// Machines A and B share one database and one session store; the test plays Fly's proxy.
const folder = mkdtempSync(join(tmpdir(), "astra-replayed-"));
const store = new MemorySessionStore();
const graph = new FakeGraphApi();
let sim: ModelSimulator;
let a: TestApi;
let b: TestApi;

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
  const shared = {
    dbUrl: `file:${join(folder, "gateway.db")}`,
    secretsKey: crypto.getRandomValues(new Uint8Array(32)),
    modelBaseUrl: sim.url,
    graphUrl: graph.url,
    whatsappAppSecret: APP_SECRET,
    sessionStore: store,
    // Calls stay up, waiting for media, until the test ends them.
    connectTimeoutMs: 60_000,
  };
  a = await startTestApi({ ...shared, machineId: "machine-a" });
  b = await startTestApi({ ...shared, machineId: "machine-b" });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await store.close();
  sim?.stop();
  graph.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** A delivery as Fly's proxy replays it: the same signed body, marked with where it came from. */
const replayed = (api: TestApi, raw: string, from: string) =>
  api.call("POST", "/webhooks/whatsapp", {
    key: null,
    rawBody: raw,
    headers: {
      "content-type": "application/json",
      "x-hub-signature-256": hubSignature(raw, APP_SECRET),
      "fly-replay-src": `instance=${from};state=`,
    },
  });

/** One Meta delivery carrying the terminates of several calls. */
function terminatesBody(...providerCallIds: string[]): string {
  const body = JSON.parse(terminateBody(providerCallIds[0] as string));
  const calls = body.entry[0].changes[0].value.calls;
  for (const id of providerCallIds.slice(1)) calls.push({ ...calls[0], id });
  return JSON.stringify(body);
}

test("a delivery replayed whole to one machine leaves the other machine's call to it: each call ends once", async () => {
  const line = await metaLine(a, graph.accessToken);
  // The user's two calls: one answered by A, one by B.
  expect((await postWebhook(a, connectBody("wacid.on-a", whatsappFixtureOffer()))).status).toBe(
    200,
  );
  expect((await postWebhook(b, connectBody("wacid.on-b", whatsappFixtureOffer()))).status).toBe(
    200,
  );
  await eventually("both calls to be live", () => a.registry.size === 1 && b.registry.size === 1);
  await eventuallyAsync(
    "both calls to be leased",
    async () => (await store.keys("lease:provider:")).length === 2,
  );

  // One delivery ends both; it reaches B, which replays it on A (the first call's machine).
  const both = terminatesBody("wacid.on-a", "wacid.on-b");
  const onB = await postWebhook(b, both);
  expect(onB.status).toBe(421);
  expect(onB.headers.get("fly-replay")).toBe("instance=machine-a");
  // A ends its own call and leaves B's alone: not acknowledged, so WhatsApp delivers again.
  const onA = await replayed(a, both, "machine-b");
  expect(onA.status).toBe(421);
  expect(onA.headers.get("fly-replay")).toBeNull();
  await eventually("A's call to end", () => a.registry.size === 0);
  expect(b.registry.size).toBe(1);

  // WhatsApp's next delivery reaches A again: B's call is named now, and B acts on it.
  const again = await postWebhook(a, both);
  expect(again.status).toBe(421);
  expect(again.headers.get("fly-replay")).toBe("instance=machine-b");
  expect((await replayed(b, both, "machine-a")).status).toBe(200);
  await eventually("B's call to end", () => b.registry.size === 0);
  await Promise.all([a.background.idle(), b.background.idle()]);

  // Each call heard its terminate exactly once, on its own machine.
  const records = (await a.call("GET", "/v1/conversations", { key: line.key })).body.data;
  expect(records).toHaveLength(2);
  for (const { id } of records) {
    const record = (await a.call("GET", `/v1/conversations/${id}`, { key: line.key })).body;
    expect(record.endReason).toBe("caller_hung_up");
    const terminates = record.events.filter(
      (e: { kind: string }) => e.kind === "provider_terminated",
    );
    expect(terminates).toHaveLength(1);
  }
}, 40_000);
