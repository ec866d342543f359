import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "bun:test";
import type { Server } from "bun";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { eventually, until } from "../../test/eventually";
import { FakeTwilioApi } from "../../test/twilio-api/server";
import { playTwilio, speechChunks } from "../../test/twilio-playback";
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
  voiceForm,
} from "../../test/twilio-side";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";

const CALL_SID = `CA${"2e".repeat(16)}`;
const TRANSFER_TO = "+15550109999";
const withTransfer = { tools: [{ type: "builtin", name: "transfer_call", target: TRANSFER_TO }] };
let sim: ModelSimulator;
let twilioApi: FakeTwilioApi;
let api: TestApi;
let server: Server<unknown>;

beforeAll(async () => {
  // The caller's first words make the model transfer the call.
  sim = await startModelSimulator({
    pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 },
    script: {
      toolRules: [
        { when: /utterance 1/, tool: "transfer_call", arguments: { reason: "wants a person" } },
      ],
    },
  });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  twilioApi = new FakeTwilioApi({ [ACCOUNT_SID]: AUTH_TOKEN });
  api = await startTestApi({
    modelBaseUrl: sim.url,
    publicBaseUrl: PUBLIC_BASE_URL,
    twilioApiUrl: twilioApi.url,
  });
  server = serveGateway(api);
});
afterEach(async () => {
  await server.stop(true);
  await api.close();
  twilioApi.stop();
});

/** An inbound call whose caller, once greeted, asks for a person. */
async function callerAsksForAPerson(tenantId: string) {
  const url = streamUrlOf((await postVoice(api, tenantId, voiceForm(CALL_SID))).body) ?? "";
  const stream = await TwilioStreamClient.open(localStreamUrl(server, url));
  stream.connected();
  stream.start(CALL_SID);
  const twilio = playTwilio(stream);
  const live = await eventually("the call to be live", () =>
    api.registry.byProviderCallId({ tenantId, channel: "phone" }, CALL_SID),
  );
  await eventually("the greeting to be heard", () => twilio.state.audibleHeard >= 5, 10_000);
  twilio.speak(speechChunks());
  return { stream, twilio, session: live.session };
}

test("transfer_call on a phone call dials the agent's number through Twilio's REST API and ends the call as transferred", async () => {
  const { tenantId } = await twilioLine(api, withTransfer);
  twilioApi.calls.set(CALL_SID, {
    sid: CALL_SID,
    accountSid: ACCOUNT_SID,
    to: "+15550104242",
    from: "+447700900123",
    twiml: [],
    statusCallback: null,
    status: "in-progress",
  });
  const { stream, twilio, session } = await callerAsksForAPerson(tenantId);
  try {
    expect(await session.ended).toBe("transferred");
  } finally {
    twilio.stop();
  }
  // One request: the live call's TwiML replaced by a <Dial> to the agent's number.
  const [update] = twilioApi.sent(`/Calls/${CALL_SID}.json`);
  expect(update?.account).toBe(ACCOUNT_SID);
  expect(update?.form.get("Twiml")).toBe(
    `<?xml version="1.0" encoding="UTF-8"?><Response><Dial>${TRANSFER_TO}</Dial></Response>`,
  );
  expect(twilioApi.requests).toHaveLength(1);
  await stream.closed;

  const record = await api.stores.calls.get(null, session.id);
  expect(record.endReason).toBe("transferred");
  const events = await api.stores.calls.events(session.id);
  expect(events.find((e) => e.kind === "transferred")?.detail).toEqual({ to: "••••9999" });
  const tool = (await api.stores.calls.messages(session.id)).find((m) => m.role === "tool");
  expect(tool?.tool).toMatchObject({ name: "transfer_call", status: "ok" });
  expect(JSON.parse(tool?.tool?.output ?? "{}")).toEqual({ transferred: true });
  // The number goes to Twilio only: never to a log line.
  expect(api.logLines.join("\n")).not.toContain(TRANSFER_TO.slice(1));
});

test("a transfer Twilio refuses leaves the call with the agent, who is told to offer a callback", async () => {
  const { tenantId } = await twilioLine(api, withTransfer);
  // Twilio knows no such call: the update answers 404.
  const { twilio, session } = await callerAsksForAPerson(tenantId);
  try {
    const toolLine = async () =>
      (await api.stores.calls.messages(session.id)).find((m) => m.role === "tool");
    await until("the transfer's outcome", async () => (await toolLine()) !== undefined, 10_000);
    const outcome = await toolLine();
    expect(outcome?.tool?.status).toBe("ok");
    expect(JSON.parse(outcome?.tool?.output ?? "{}")).toMatchObject({ transferred: false });
    expect(outcome?.tool?.output).toContain("callback");
    expect(session.phase).toBe("active");
    expect(twilioApi.sent(`/Calls/${CALL_SID}.json`)).toHaveLength(1);
  } finally {
    twilio.stop();
    await session.hangUp("hung_up_by_api");
  }
});

test("a transfer target that is not a phone number in international form is refused when the agent is saved", async () => {
  const { key } = await api.tenantWithKey();
  for (const target of ["555-CALL-ME", "15550109999", "sip:desk@example.com", "+0123456"]) {
    const reply = await api.call("POST", "/v1/agents", {
      key,
      body: {
        name: "Desk",
        config: { tools: [{ type: "builtin", name: "transfer_call", target }] },
      },
    });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toContain("international form");
  }
});
