import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "bun";
import { snapshotDb, startTestApi, type TestApi } from "../../test/api-harness";
import { eventually } from "../../test/eventually";
import {
  AUTH_TOKEN,
  CALLER_NUMBER,
  localStreamUrl,
  PUBLIC_BASE_URL,
  postCallback,
  postStatus,
  postVoice,
  serveGateway,
  statusForm,
  streamUrlOf,
  TwilioStreamClient,
  twilioLine,
  twilioSign,
  voiceForm,
} from "../../test/twilio-side";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";
import { MemorySessionStore } from "../session/memory-session-store";

// What someone without Twilio's auth token, or with another tenant's, can try against the phone
// routes: none of it may change a call.

const CALL_SID = `CA${"7d".repeat(16)}`;
let sim: ModelSimulator;
const opened: Array<{ close(): Promise<void> }> = [];
const servers: Server<unknown>[] = [];
let folder = "";

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
});
afterAll(() => sim.stop());
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop(true);
  for (const part of opened.splice(0).reverse()) await part.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = "";
});

async function gateway(options: Parameters<typeof startTestApi>[0] = {}) {
  const api = await startTestApi({
    modelBaseUrl: sim.url,
    publicBaseUrl: PUBLIC_BASE_URL,
    ...options,
  });
  opened.push(api);
  const server = serveGateway(api);
  servers.push(server);
  return { api, server };
}

/** A live inbound phone call of a tenant of `api`, its stream started. */
async function liveInboundCall(api: TestApi, server: Server<unknown>, callSid = CALL_SID) {
  const line = await twilioLine(api);
  const url = streamUrlOf((await postVoice(api, line.tenantId, voiceForm(callSid))).body) ?? "";
  const stream = await TwilioStreamClient.open(localStreamUrl(server, url));
  stream.connected();
  stream.start(callSid);
  const live = await eventually("the call to be live", () =>
    api.registry.byProviderCallId({ tenantId: line.tenantId, channel: "phone" }, callSid),
  );
  return { ...line, stream, callId: live.session.id };
}

test("a status callback with a wrong, missing or borrowed signature is refused with 401 and changes nothing", async () => {
  const { api, server } = await gateway();
  const call = await liveInboundCall(api, server);
  const other = await twilioLine(api, {}, "+15550107777");
  const form = statusForm(CALL_SID, "completed", { direction: "inbound" });
  const path = `/webhooks/twilio/${call.tenantId}/status`;
  const before = await snapshotDb(api.stores);

  const attempts = [
    await postStatus(api, call.tenantId, form, null),
    await postStatus(
      api,
      call.tenantId,
      form,
      twilioSign("not-the-token", PUBLIC_BASE_URL + path, form),
    ),
    // Signed for the other tenant's route, replayed on this one.
    await postStatus(
      api,
      call.tenantId,
      form,
      twilioSign(AUTH_TOKEN, `${PUBLIC_BASE_URL}/webhooks/twilio/${other.tenantId}/status`, form),
    ),
    // Signed, then the status changed.
    await postStatus(
      api,
      call.tenantId,
      { ...form, CallStatus: "busy" },
      twilioSign(AUTH_TOKEN, PUBLIC_BASE_URL + path, form),
    ),
    // Signed for another Twilio account than the tenant's.
    await postStatus(api, call.tenantId, { ...form, AccountSid: `AC${"0b".repeat(16)}` }),
  ];
  for (const reply of attempts) {
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe("unauthorized");
  }
  expect(await snapshotDb(api.stores)).toBe(before);
  expect(api.registry.get(call.callId)?.session.phase).toBe("active");
  call.stream.close();
});

test("another tenant's call SID in a status callback changes nothing of that call", async () => {
  const { api, server } = await gateway();
  const victim = await liveInboundCall(api, server);
  const attacker = await twilioLine(api, {}, "+15550107777");
  const before = await snapshotDb(api.stores);

  // Properly signed for the attacker's own route, naming the victim's call by Twilio's SID, or
  // by the gateway's id as a placed call's callback URL does.
  const ownRoute = `${PUBLIC_BASE_URL}/webhooks/twilio/${attacker.tenantId}/status`;
  for (const status of ["busy", "completed", "in-progress"]) {
    const bySid = await postStatus(api, attacker.tenantId, statusForm(CALL_SID, status));
    expect(bySid.status).toBe(200);
    const byId = `${ownRoute}?callId=${victim.callId}`;
    expect((await postCallback(api, byId, statusForm(CALL_SID, status))).status).toBe(200);
  }
  // The victim's own route, its call's id, another call's SID: still nothing.
  const victimRoute = `${PUBLIC_BASE_URL}/webhooks/twilio/${victim.tenantId}/status?callId=${victim.callId}`;
  const otherSid = `CA${"99".repeat(16)}`;
  expect((await postCallback(api, victimRoute, statusForm(otherSid, "busy"))).status).toBe(200);
  expect(await snapshotDb(api.stores)).toBe(before);
  expect(api.registry.get(victim.callId)?.session.phase).toBe("active");
  const record = await api.stores.calls.get(null, victim.callId);
  expect(record.providerStatus).toBeNull();
  expect(record.endedAt).toBeNull();
  victim.stream.close();
});

test("a stream token works once on whichever machine it lands, and never again on either", async () => {
  folder = mkdtempSync(join(tmpdir(), "astra-twilio-"));
  const store = new MemorySessionStore();
  const shared = {
    dbUrl: `file:${join(folder, "gateway.db")}`,
    secretsKey: crypto.getRandomValues(new Uint8Array(32)),
    sessionStore: store,
  };
  const a = await gateway({ ...shared, machineId: "machine-a" });
  const b = await gateway({ ...shared, machineId: "machine-b" });
  const { tenantId } = await twilioLine(a.api);
  // Machine A answers the webhook; the stream reaches machine B.
  const url = streamUrlOf((await postVoice(a.api, tenantId, voiceForm(CALL_SID))).body) ?? "";
  const stream = await TwilioStreamClient.open(localStreamUrl(b.server, url));
  stream.connected();
  stream.start(CALL_SID);
  const live = await eventually("the call to be live on machine B", () =>
    b.api.registry.byProviderCallId({ tenantId, channel: "phone" }, CALL_SID),
  );
  expect(a.api.registry.size).toBe(0);

  // The same token again, on either machine: refused before any socket opens.
  for (const machine of [a, b]) {
    const reply = await fetch(localStreamUrl(machine.server, url).replace(/^ws/, "http"));
    expect(reply.status).toBe(401);
  }
  stream.close();
  await live.session.ended;
});

test("what the session store holds of an unused stream token names neither the token nor the caller", async () => {
  const store = new MemorySessionStore();
  const { api } = await gateway({ sessionStore: store });
  const { tenantId } = await twilioLine(api);
  const url = streamUrlOf((await postVoice(api, tenantId, voiceForm(CALL_SID))).body) ?? "";
  const token = url.split("/").at(-1) ?? "";
  const keys = await store.keys("stream:");
  expect(keys).toHaveLength(1);
  const held = JSON.stringify([keys, await store.get(keys[0] ?? "")]);
  expect(held).not.toContain(token);
  expect(held).not.toContain(CALLER_NUMBER.slice(1));
  expect(held).not.toContain(CALL_SID);
});
