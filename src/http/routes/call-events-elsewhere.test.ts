import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { CallerPeer } from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { parseEvents, readUntil } from "../../../test/sse-events";
import { type ModelSimulator, startModelSimulator } from "../../models/simulator/server";
import { MemorySessionStore } from "../../session/memory-session-store";

// Machines A and B share the database (and the session store): a call held by A ends there, and
// the client's stream reconnects through the proxy to B.
const folder = mkdtempSync(join(tmpdir(), "astra-events-elsewhere-"));
const store = new MemorySessionStore();
let sim: ModelSimulator;
let a: TestApi;
let b: TestApi;
const caller = new CallerPeer();

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
  const shared = {
    dbUrl: `file:${join(folder, "gateway.db")}`,
    secretsKey: crypto.getRandomValues(new Uint8Array(32)),
    modelBaseUrl: sim.url,
    sessionStore: store,
  };
  a = await startTestApi(shared);
  b = await startTestApi(shared);
});
afterAll(async () => {
  caller.close();
  await a?.close();
  await b?.close();
  await store.close();
  sim?.stop();
  rmSync(folder, { recursive: true, force: true });
});

test("a stream reconnecting to another machine after the call ended there gets its end", async () => {
  const tenant = await a.tenantWithKey();
  const agentId = (await a.call("POST", "/v1/agents", { key: tenant.key, body: { name: "Desk" } }))
    .body.id;
  await a.call("POST", `/v1/agents/${agentId}/publish`, { key: tenant.key });
  const dialled = await a.call("POST", "/v1/calls/web", {
    key: tenant.key,
    body: { agentId, sdp: await caller.offer() },
  });
  const callId = dialled.body.callId;
  await caller.answer(dialled.body.sdp);
  const path = `/v1/calls/${callId}/events`;
  const first = await a.call("GET", path, { key: tenant.key, stream: true });
  const seen = parseEvents(await readUntil(first.raw as Response, "event: transcript", 10_000));
  const lastSeen = seen.at(-1)?.id ?? 0;
  expect(lastSeen).toBeGreaterThan(0);

  // The call ends on A while the client is away.
  expect((await a.call("DELETE", `/v1/calls/${callId}`, { key: tenant.key })).status).toBe(204);
  await eventually("A to let the call go", () => a.registry.size === 0);

  const onB = await b.call("GET", path, {
    key: tenant.key,
    stream: true,
    headers: { "last-event-id": String(lastSeen) },
  });
  expect(onB.status).toBe(200);
  expect(onB.headers.get("content-type")).toContain("text/event-stream");
  const tail = parseEvents(await readUntil(onB.raw as Response, "event: ended", 5000));
  expect(tail).toEqual([{ id: lastSeen + 1, event: "ended", data: { reason: "hung_up_by_api" } }]);

  // Still nobody else's: another tenant's key, and an id no call has, find nothing.
  const other = await b.tenantWithKey("Other Dental");
  expect((await b.call("GET", path, { key: other.key })).status).toBe(404);
  const unknown = await b.call("GET", "/v1/calls/call_00000000000000000000000/events", {
    key: tenant.key,
  });
  expect(unknown.status).toBe(404);
}, 40_000);
