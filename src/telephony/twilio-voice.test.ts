import { afterEach, beforeEach, expect, test } from "bun:test";
import type { Server } from "bun";
import { snapshotDb, startTestApi, type TestApi } from "../../test/api-harness";
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

const CALL_SID = `CA${"3c".repeat(16)}`;
let api: TestApi;
let server: Server<unknown>;

beforeEach(async () => {
  api = await startTestApi({ publicBaseUrl: PUBLIC_BASE_URL });
  server = serveGateway(api);
});
afterEach(async () => {
  await server.stop(true);
  await api.close();
});

test("a voice webhook with a wrong, missing or borrowed signature is refused with 401 and changes nothing", async () => {
  const { tenantId } = await twilioLine(api);
  const other = await twilioLine(api, {}, "+15550107777");
  const form = voiceForm(CALL_SID);
  const path = `/webhooks/twilio/${tenantId}/voice`;
  const before = await snapshotDb(api.stores);

  const attempts = [
    await postVoice(api, tenantId, form, null),
    await postVoice(api, tenantId, form, twilioSign("not-the-token", PUBLIC_BASE_URL + path, form)),
    // Signed for another URL (another tenant's route), replayed on this one.
    await postVoice(
      api,
      tenantId,
      form,
      twilioSign(AUTH_TOKEN, `${PUBLIC_BASE_URL}/webhooks/twilio/${other.tenantId}/voice`, form),
    ),
    // Signed, then one field changed: the caller's number.
    await postVoice(
      api,
      tenantId,
      { ...form, From: "+15550000000" },
      twilioSign(AUTH_TOKEN, PUBLIC_BASE_URL + path, form),
    ),
  ];
  for (const reply of attempts) {
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe("unauthorized");
    expect(JSON.stringify(reply.body)).not.toContain("Stream");
  }
  expect(await snapshotDb(api.stores)).toBe(before);
});

test("a tenant without a Twilio credential is refused with 401", async () => {
  const { tenantId } = await api.tenantWithKey();
  const reply = await postVoice(api, tenantId, voiceForm(CALL_SID));
  expect(reply.status).toBe(401);
  expect(reply.body.error.message).toContain("no Twilio credential");
});

test("a signed call to a bound number is connected to a stream whose URL holds a token, never the tenant's secrets", async () => {
  const { tenantId } = await twilioLine(api);
  const reply = await postVoice(api, tenantId, voiceForm(CALL_SID));
  expect(reply.status).toBe(200);
  expect(reply.headers.get("content-type")).toContain("text/xml");
  const url = streamUrlOf(reply.body);
  expect(url).toMatch(
    new RegExp(`^wss://voice\\.example\\.com/media/twilio/${tenantId}/[A-Za-z0-9_-]{43}$`),
  );
  expect(reply.body).toContain("<Connect>");
  expect(reply.body).not.toContain(AUTH_TOKEN);
  expect(reply.body).not.toContain(ACCOUNT_SID);
});

test("a call to a number the tenant has not bound is rejected without a call record", async () => {
  const { tenantId } = await twilioLine(api);
  const reply = await postVoice(api, tenantId, voiceForm(CALL_SID, "+15559999999"));
  expect(reply.status).toBe(200);
  expect(reply.body).toContain("<Reject");
  expect(streamUrlOf(reply.body)).toBeNull();
  const calls = await api.stores.db.execute("SELECT COUNT(*) AS n FROM calls");
  expect(Number(calls.rows[0]?.n)).toBe(0);
});

test("a stream token cannot be used for another tenant, nor used twice", async () => {
  const { tenantId } = await twilioLine(api);
  const other = await twilioLine(api, {}, "+15550107777");
  const url = streamUrlOf((await postVoice(api, tenantId, voiceForm(CALL_SID))).body) ?? "";
  const local = localStreamUrl(server, url);

  // The other tenant's path with this tenant's token: refused, and the token is spent by it.
  const elsewhere = local.replace(tenantId, other.tenantId);
  expect((await fetch(elsewhere.replace(/^ws/, "http"))).status).toBe(401);
  await expect(TwilioStreamClient.open(local)).rejects.toThrow();

  const second = streamUrlOf((await postVoice(api, tenantId, voiceForm(CALL_SID))).body) ?? "";
  const first = await TwilioStreamClient.open(localStreamUrl(server, second));
  await expect(TwilioStreamClient.open(localStreamUrl(server, second))).rejects.toThrow();
  first.close();
  await first.closed;
});

test("a stream whose start names another call is closed and starts nothing", async () => {
  const { tenantId } = await twilioLine(api);
  const url = streamUrlOf((await postVoice(api, tenantId, voiceForm(CALL_SID))).body) ?? "";
  const stream = await TwilioStreamClient.open(localStreamUrl(server, url));
  stream.connected();
  stream.start(`CA${"99".repeat(16)}`);
  await stream.closed;
  const calls = await api.stores.db.execute("SELECT COUNT(*) AS n FROM calls");
  expect(Number(calls.rows[0]?.n)).toBe(0);
  expect(api.registry.size).toBe(0);
});

test("a Twilio binding that names another credential is refused, since the `twilio` one signs its webhooks", async () => {
  const { key, agentId } = await twilioLine(api);
  const reply = await api.call("POST", "/v1/bindings", {
    key,
    body: { agentId, channel: "twilio", address: "+15550108888", credential: "other" },
  });
  expect(reply.status).toBe(400);
  expect(JSON.stringify(reply.body)).toContain("credential");
});
