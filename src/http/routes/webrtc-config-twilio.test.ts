import { afterEach, beforeEach, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { publishedAgent } from "../../../test/browser-calls";
import { FakeTwilioApi } from "../../../test/twilio-api/server";
import { ACCOUNT_SID, AUTH_TOKEN } from "../../../test/twilio-side";
import { TwilioTurn } from "../../media/twilio-turn";
import { twilioRest } from "../../telephony/twilio-rest";

const HOUR = 3_600_000;
let twilioApi: FakeTwilioApi;
let api: TestApi;
let clock = Date.UTC(2026, 10, 26, 12, 0, 0);

beforeEach(async () => {
  twilioApi = new FakeTwilioApi({ [ACCOUNT_SID]: AUTH_TOKEN });
  const rest = twilioRest({ baseUrl: twilioApi.url });
  api = await startTestApi({
    logLevel: "debug",
    iceServers: [{ urls: "stun:stun.example.org:3478" }],
    // As TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN give it, on a clock the test moves.
    twilioTurn: new TwilioTurn({
      mint: (ttl) => rest.traversalToken({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }, ttl),
      ttlSeconds: 86_400,
      now: () => clock,
    }),
  });
});
afterEach(async () => {
  await api.close();
  twilioApi.stop();
});

test("GET /v1/calls/webrtc-config hands out Twilio's TURN credentials, minted once and again near their expiry", async () => {
  const { key } = await api.tenantWithKey();
  const agentId = await publishedAgent(api, key);
  const minted = await api.call("POST", `/v1/agents/${agentId}/call-tokens`, {
    key,
    body: { ttlSeconds: 60 },
  });
  const config = async () => {
    const res = await api.call("GET", "/v1/calls/webrtc-config", { key: minted.body.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    return res.body.iceServers as RTCIceServer[];
  };
  const first = await config();
  expect(first).toEqual([
    { urls: "stun:stun.example.org:3478" },
    { urls: "stun:127.0.0.1:9" },
    {
      urls: "turn:127.0.0.1:9?transport=udp",
      username: "nts-user-1",
      credential: "nts-credential-1",
    },
    {
      urls: "turn:127.0.0.1:9?transport=tcp",
      username: "nts-user-1",
      credential: "nts-credential-1",
    },
  ]);
  // The next browser, an hour later: the same credentials, and no request to Twilio.
  clock += HOUR;
  expect(await config()).toEqual(first);
  expect(twilioApi.sent("/Tokens.json")).toHaveLength(1);
  // Within the longest call of their expiry: minted again.
  clock += 19 * HOUR;
  expect((await config())[2]?.username).toBe("nts-user-2");
  expect(twilioApi.sent("/Tokens.json")).toHaveLength(2);

  const logs = api.logLines.join("\n");
  expect(logs).toContain("/v1/calls/webrtc-config");
  expect(logs).not.toContain("nts-credential");
  expect(logs).not.toContain(AUTH_TOKEN);
});
