import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "bun";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { eventually } from "../../test/eventually";
import { FakeTwilioApi } from "../../test/twilio-api/server";
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  localStreamUrl,
  PUBLIC_BASE_URL,
  postVoice,
  serveGateway,
  streamUrlOf,
  TwilioStreamClient,
  twilioLine,
  twilioSign,
  voiceForm,
} from "../../test/twilio-side";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";
import { MemorySessionStore } from "../session/memory-session-store";

// Two machines behind Fly's proxy, sharing the database and the session store: what reaches the
// wrong one is handed on with `fly-replay`, and nothing is spent or started there.

const CALL_SID = `CA${"4f".repeat(16)}`;
let sim: ModelSimulator;
let twilioApi: FakeTwilioApi;
let folder = "";
const opened: TestApi[] = [];
const servers: Server<unknown>[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
});
afterAll(() => sim.stop());
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop(true);
  for (const api of opened.splice(0).reverse()) await api.close();
  twilioApi?.stop();
  rmSync(folder, { recursive: true, force: true });
});

async function twoMachines(b: Parameters<typeof startTestApi>[0] = {}) {
  folder = mkdtempSync(join(tmpdir(), "astra-fly-"));
  twilioApi = new FakeTwilioApi({ [ACCOUNT_SID]: AUTH_TOKEN });
  const shared = {
    dbUrl: `file:${join(folder, "gateway.db")}`,
    secretsKey: crypto.getRandomValues(new Uint8Array(32)),
    sessionStore: new MemorySessionStore(),
    modelBaseUrl: sim.url,
    publicBaseUrl: PUBLIC_BASE_URL,
    twilioApiUrl: twilioApi.url,
    onFly: true,
  };
  const machine = async (options: Parameters<typeof startTestApi>[0]) => {
    const api = await startTestApi({ ...shared, ...options });
    opened.push(api);
    const server = serveGateway(api);
    servers.push(server);
    return { api, server };
  };
  const a = await machine({ machineId: "machine-a" });
  return [a, await machine({ machineId: "machine-b", ...b })] as const;
}

const upgradeAttempt = (
  server: Server<unknown>,
  url: string,
  headers: Record<string, string> = {},
) => fetch(localStreamUrl(server, url).replace(/^ws/, "http"), { headers });

test("a full or draining machine hands a Twilio voice webhook to another machine; a replayed one is answered busy", async () => {
  const [, b] = await twoMachines({ maxCallsPerMachine: 0 });
  const { tenantId } = await twilioLine(b.api);
  const handedOn = await postVoice(b.api, tenantId, voiceForm(CALL_SID));
  expect(handedOn.status).toBe(421);
  expect(handedOn.headers.get("fly-replay")).toBe("elsewhere=true");
  expect(handedOn.body.error.code).toBe("at_capacity");

  // Fly found no other machine either: this one answers, and the caller hears busy.
  const path = `/webhooks/twilio/${tenantId}/voice`;
  const form = voiceForm(CALL_SID);
  const replayed = await b.api.call("POST", path, {
    key: null,
    rawBody: new URLSearchParams(form).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilioSign(AUTH_TOKEN, PUBLIC_BASE_URL + path, form),
      "fly-replay-src": "instance=machine-b;state=",
    },
  });
  expect(replayed.status).toBe(200);
  expect(replayed.body).toContain('<Reject reason="busy"/>');
});

test("an inbound stream reaching a full machine is handed elsewhere, its token unspent", async () => {
  const [a, b] = await twoMachines({ maxCallsPerMachine: 0 });
  const { tenantId } = await twilioLine(a.api);
  const url = streamUrlOf((await postVoice(a.api, tenantId, voiceForm(CALL_SID))).body) ?? "";
  const handedOn = await upgradeAttempt(b.server, url);
  expect(handedOn.status).toBe(421);
  expect(handedOn.headers.get("fly-replay")).toBe("elsewhere=true");

  const stream = await TwilioStreamClient.open(localStreamUrl(a.server, url));
  stream.connected();
  stream.start(CALL_SID);
  const live = await eventually("the call on machine A", () =>
    a.api.registry.byProviderCallId({ tenantId, channel: "phone" }, CALL_SID),
  );
  stream.close();
  await live.session.ended;
});

test("the stream of a call placed on one machine is replayed to it from another", async () => {
  const [a, b] = await twoMachines();
  const { key, agentId } = await twilioLine(a.api);
  const placed = await a.api.call("POST", "/v1/calls", {
    key,
    body: { agentId, channel: "phone", to: "+447700900456" },
    headers: { "idempotency-key": "fly-1" },
  });
  expect(placed.status).toBe(202);
  const call = await eventually("Twilio to be asked", () => [...twilioApi.calls.values()][0]);
  await eventually("the call to ring", () => a.api.registry.get(placed.body.callId));
  const url = streamUrlOf(call.twiml[0] ?? "") ?? "";

  const handedOn = await upgradeAttempt(b.server, url);
  expect(handedOn.status).toBe(421);
  expect(handedOn.headers.get("fly-replay")).toBe("instance=machine-a");

  const stream = await TwilioStreamClient.open(localStreamUrl(a.server, url));
  stream.connected();
  stream.start(call.sid);
  const live = a.api.registry.get(placed.body.callId);
  await eventually("the stream to connect", () => live?.session.phase === "active");
  expect(b.api.registry.size).toBe(0);
  stream.close();
  await live?.session.ended;
});
