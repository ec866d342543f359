import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "bun:test";
import type { Server } from "bun";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { eventually, until } from "../../test/eventually";
import { FakeTwilioApi } from "../../test/twilio-api/server";
import { playTwilio } from "../../test/twilio-playback";
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  localStreamUrl,
  PUBLIC_BASE_URL,
  postCallback,
  serveGateway,
  statusForm,
  streamUrlOf,
  TWILIO_NUMBER,
  TwilioStreamClient,
  twilioLine,
} from "../../test/twilio-side";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";

const CALLEE = "+447700900456";
let sim: ModelSimulator;
let twilioApi: FakeTwilioApi;
let api: TestApi;
let server: Server<unknown>;

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  twilioApi = new FakeTwilioApi({ [ACCOUNT_SID]: AUTH_TOKEN });
  api = await startTestApi({
    modelBaseUrl: sim.url,
    publicBaseUrl: PUBLIC_BASE_URL,
    twilioApiUrl: twilioApi.url,
    maxConcurrentCallsPerTenant: 2,
  });
  server = serveGateway(api);
});
afterEach(async () => {
  await server.stop(true);
  await api.close();
  twilioApi.stop();
});

const place = (key: string, agentId: string, idempotencyKey: string, to = CALLEE) =>
  api.call("POST", "/v1/calls", {
    key,
    body: { agentId, channel: "phone", to, variables: { order: "A-17" } },
    headers: { "idempotency-key": idempotencyKey },
  });

/** The `count`th call Twilio was asked to place, once it was, and how to call back about it. */
async function created(count = 1) {
  await eventually("Twilio to be asked for the call", () =>
    twilioApi.sent("/Calls.json").length >= count ? true : undefined,
  );
  const call = [...twilioApi.calls.values()][count - 1];
  if (!call) throw new Error("no call created");
  const status = (state: string) =>
    postCallback(api, call.statusCallback ?? "", statusForm(call.sid, state));
  return { ...call, status };
}

const recordOf = (callId: string) => api.stores.calls.get(null, callId);

test("an outbound phone call: Twilio places it from the agent's number, status callbacks move it on, the stream connects, the agent speaks, and Twilio's completed ends it", async () => {
  const { tenantId, key, agentId } = await twilioLine(api);
  const placed = await place(key, agentId, "order-A-17");
  expect(placed.status).toBe(202);
  expect(placed.body.status).toBe("dialing");
  const callId = placed.body.callId as string;

  const call = await created();
  const [request] = twilioApi.sent("/Calls.json");
  expect(request?.account).toBe(ACCOUNT_SID);
  expect(request?.form.get("To")).toBe(CALLEE);
  expect(request?.form.get("From")).toBe(TWILIO_NUMBER);
  expect(request?.form.get("StatusCallback")).toBe(
    `${PUBLIC_BASE_URL}/webhooks/twilio/${tenantId}/status?callId=${callId}`,
  );
  expect(request?.form.getAll("StatusCallbackEvent")).toEqual([
    "initiated",
    "ringing",
    "answered",
    "completed",
  ]);
  expect(request?.form.get("Timeout")).toBe("30");
  const url = streamUrlOf(call.twiml[0] ?? "") ?? "";
  expect(url).toMatch(new RegExp(`^wss://voice\\.example\\.com/media/twilio/${tenantId}/`));
  const sid = call.sid ?? "";
  await until("the call to be dialled", async () => (await recordOf(callId)).status === "dialing");

  expect((await call.status("ringing")).status).toBe(200);
  expect((await recordOf(callId)).status).toBe("ringing");
  expect((await call.status("in-progress")).status).toBe(200);
  expect((await recordOf(callId)).answeredAt).not.toBeNull();

  // Twilio opens the stream of the answered call: the agent speaks to the callee.
  const stream = await TwilioStreamClient.open(localStreamUrl(server, url));
  stream.connected();
  stream.start(sid);
  const twilio = playTwilio(stream);
  try {
    await eventually("the agent to be heard", () => twilio.state.audibleHeard >= 10, 10_000);
  } finally {
    twilio.stop();
  }
  const live = api.registry.get(callId);
  expect(live?.session.phase).toBe("active");

  // A retry of the request gets the same call; Twilio is not asked again.
  const again = await place(key, agentId, "order-A-17");
  expect(again.status).toBe(200);
  expect(again.body.callId).toBe(callId);
  expect(twilioApi.sent("/Calls.json")).toHaveLength(1);

  expect((await call.status("completed")).status).toBe(200);
  expect(await live?.session.ended).toBe("caller_hung_up");
  await stream.closed;
  const record = await recordOf(callId);
  expect(record).toMatchObject({
    channel: "phone",
    direction: "outbound",
    providerCallId: sid,
    providerStatus: "completed",
    remoteParty: "••••0456",
    endReason: "caller_hung_up",
  });
  expect(record.mediaConnectedAt).not.toBeNull();
  const events = (await api.stores.calls.events(callId)).map((e) => e.kind);
  expect(events).toEqual(expect.arrayContaining(["dialled", "answered"]));
  // A stream, not a REST hang-up, ended it at Twilio.
  expect(twilioApi.sent(`/Calls/${sid}.json`)).toHaveLength(0);
  expect(api.logLines.join("\n")).not.toContain(CALLEE.slice(1));
});

test("busy, no-answer and failed end an unanswered call with that reason", async () => {
  const { key, agentId } = await twilioLine(api);
  const outcomes = { busy: "busy", "no-answer": "no_answer", failed: "provider_failed" };
  let n = 0;
  for (const [status, reason] of Object.entries(outcomes)) {
    const placed = await place(key, agentId, `attempt-${status}`);
    const call = await created(++n);
    const sid = call.sid ?? "";
    await call.status("ringing");
    await call.status(status);
    await until(
      "the call to end",
      async () => (await recordOf(placed.body.callId)).endedAt !== null,
    );
    const record = await recordOf(placed.body.callId);
    expect(record.endReason).toBe(reason as never);
    expect(record.providerStatus).toBe(status);
    // Twilio already said it is over: nothing to hang up there.
    expect(twilioApi.sent(`/Calls/${sid}.json`)).toHaveLength(0);
  }
  expect(api.registry.size).toBe(0);
});

test("a call hung up through the API while it rings is hung up at Twilio too", async () => {
  const { key, agentId } = await twilioLine(api);
  const placed = await place(key, agentId, "hang-up-early");
  const call = await created();
  await eventually("the call to ring", () => api.registry.get(placed.body.callId));
  await call.status("ringing");
  const hungUp = await api.call("DELETE", `/v1/calls/${placed.body.callId}`, { key });
  expect(hungUp.status).toBe(204);
  await eventually("Twilio to be told", () => twilioApi.sent(`/Calls/${call.sid}.json`)[0]);
  const [update] = twilioApi.sent(`/Calls/${call.sid}.json`);
  expect(update?.form.get("Status")).toBe("completed");
  expect((await recordOf(placed.body.callId)).endReason).toBe("hung_up_by_api");
});

test("a call Twilio refuses ends as provider_failed, saying Twilio's error code and not the number", async () => {
  const { key, agentId } = await twilioLine(api);
  twilioApi.fail({ path: "/Calls.json", status: 400, code: 21211 });
  const placed = await place(key, agentId, "bad-number");
  expect(placed.status).toBe(202);
  await until("the call to end", async () => (await recordOf(placed.body.callId)).endedAt !== null);
  expect((await recordOf(placed.body.callId)).endReason).toBe("provider_failed");
  const failed = (await api.stores.calls.events(placed.body.callId)).find(
    (e) => e.kind === "failed",
  );
  expect(String(failed?.detail.reason)).toContain("21211");
  expect(JSON.stringify(failed)).not.toContain(CALLEE.slice(1));
  expect(api.registry.size).toBe(0);
});

test("the tenant's call cap holds for phone calls as for WhatsApp ones; Twilio is not asked past it", async () => {
  const { key, agentId } = await twilioLine(api);
  for (const attempt of ["one", "two"])
    expect((await place(key, agentId, attempt)).status).toBe(202);
  await created(2);
  const third = await place(key, agentId, "three");
  expect(third.status).toBe(429);
  expect(third.body.error.message).toContain("limit of 2 concurrent calls");
  expect(twilioApi.sent("/Calls.json")).toHaveLength(2);
});

test("an agent without a Twilio number, or a gateway without PUBLIC_BASE_URL, cannot place phone calls", async () => {
  const { key } = await twilioLine(api);
  const { publishedAgent } = await import("../../test/browser-calls");
  const unbound = await publishedAgent(api, key);
  const noNumber = await place(key, unbound, "no-number");
  expect(noNumber.status).toBe(404);
  expect(noNumber.body.error.message).toContain("Twilio channel binding");

  const closed = await startTestApi({ twilioApiUrl: twilioApi.url });
  try {
    const line = await twilioLine(closed);
    const reply = await closed.call("POST", "/v1/calls", {
      key: line.key,
      body: { agentId: line.agentId, channel: "phone", to: CALLEE },
      headers: { "idempotency-key": "no-base-url" },
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error.message).toContain("PUBLIC_BASE_URL");
  } finally {
    await closed.close();
  }
  expect(twilioApi.requests).toHaveLength(0);
});
