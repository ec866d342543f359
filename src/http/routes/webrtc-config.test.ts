import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { publishedAgent } from "../../../test/browser-calls";
import { expectedTurnCredential } from "../../../test/turn-hmac";
import { TurnCredentials } from "../../media/turn-credentials";

const SECRET = "turn-shared-secret-for-tests";
const TTL_SECONDS = 3600;
let api: TestApi;

beforeEach(async () => {
  api = await startTestApi({
    logLevel: "debug",
    iceServers: [{ urls: "stun:stun.example.org:3478" }],
    turnCredentials: new TurnCredentials({
      secret: SECRET,
      urls: ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"],
      ttlSeconds: TTL_SECONDS,
    }),
  });
});
afterEach(() => api.close());

describe("GET /v1/calls/webrtc-config with TURN_SECRET", () => {
  test("a call token holder gets fresh TURN credentials that verify, and no cached copy", async () => {
    const { tenantId, key } = await api.tenantWithKey();
    const agentId = await publishedAgent(api, key);
    const minted = await api.call("POST", `/v1/agents/${agentId}/call-tokens`, {
      key,
      body: { ttlSeconds: 60 },
    });
    const before = Math.floor(Date.now() / 1000);
    const res = await api.call("GET", "/v1/calls/webrtc-config", { key: minted.body.token });
    const after = Math.floor(Date.now() / 1000);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const [stun, turn] = res.body.iceServers;
    expect(stun).toEqual({ urls: "stun:stun.example.org:3478" });
    expect(turn.urls).toEqual([
      "turn:turn.example.org:3478?transport=udp",
      "turns:turn.example.org:5349",
    ]);
    const [expiry, label] = turn.username.split(":");
    expect(label).toBe(tenantId);
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + TTL_SECONDS);
    expect(Number(expiry)).toBeLessThanOrEqual(after + TTL_SECONDS);
    expect(turn.credential).toBe(await expectedTurnCredential(SECRET, turn.username));

    // Neither the secret nor what was minted from it reaches the logs.
    const logs = api.logLines.join("\n");
    expect(logs).toContain("/v1/calls/webrtc-config");
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain(turn.credential);
  });

  test("without a key there are no credentials", async () => {
    const res = await api.call("GET", "/v1/calls/webrtc-config", { key: null });
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).not.toContain("turn:");
  });
});
