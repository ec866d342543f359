import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { startTestApi, TEST_CLIENT_HEADER, type TestApi } from "../../test/api-harness";
import { whatsappFixtureOffer } from "../../test/caller-peer";
import { eventually } from "../../test/eventually";
import { FakeGraphApi } from "../../test/fake-graph-api";
import { APP_SECRET, connectBody, metaLine, postWebhook } from "../../test/whatsapp-line";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";

let sim: ModelSimulator;
let graph: FakeGraphApi;
const apis: TestApi[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
  graph = new FakeGraphApi();
});
afterAll(() => {
  sim.stop();
  graph.stop();
});
afterEach(async () => {
  for (const api of apis.splice(0)) await api.close();
  graph.requests.length = 0;
});

async function gateway(options: Parameters<typeof startTestApi>[0]) {
  const api = await startTestApi({
    modelBaseUrl: sim.url,
    graphUrl: graph.url,
    whatsappAppSecret: APP_SECRET,
    ...options,
  });
  apis.push(api);
  return api;
}

const from = (address: string) => ({ [TEST_CLIENT_HEADER]: address });

describe("abuse limits", () => {
  test("a flood of call webhooks is capped per tenant, and calls that never connect are ended", async () => {
    const api = await gateway({ maxConcurrentCallsPerTenant: 3, connectTimeoutMs: 3000 });
    const line = await metaLine(api, graph.accessToken);
    // Unsigned bodies are refused at the door and start nothing.
    const forged = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postWebhook(api, connectBody(`wacid.forged${i}`, whatsappFixtureOffer()), null),
      ),
    );
    expect(forged.every((r) => r.status === 401)).toBe(true);
    await api.background.idle();
    expect(graph.requests).toHaveLength(0);

    // Signed ones (a provider's burst, or a leaked secret) get at most the tenant's limit.
    const signed = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postWebhook(api, connectBody(`wacid.flood${i}`, whatsappFixtureOffer())),
      ),
    );
    expect(signed.every((r) => r.status === 200)).toBe(true);
    await api.background.idle();
    expect(graph.callActions("accept")).toHaveLength(3);
    expect(graph.callActions("reject")).toHaveLength(17);
    expect(api.registry.size).toBeLessThanOrEqual(3);
    const calls = (await api.call("GET", "/v1/conversations?limit=50", { key: line.key })).body
      .data;
    expect(calls).toHaveLength(20);
    const refused = calls.filter((c: { endReason: string }) => c.endReason === "rejected");
    expect(refused).toHaveLength(17);

    // Their media never connects (the offer's addresses lead nowhere): ended after the timeout.
    await eventually("the connecting calls to end", () => api.registry.size === 0, 10_000);
    await api.background.idle();
    const after = (await api.call("GET", "/v1/conversations?limit=50", { key: line.key })).body
      .data;
    const timedOut = after.filter((c: { endReason: string }) => c.endReason === "connect_timeout");
    expect(timedOut).toHaveLength(3);
    // Each ended call is hung up at the provider too.
    await eventually("terminates to be sent", () => graph.callActions("terminate").length === 3);
  }, 30_000);

  test("webhook routes are limited per route and per source address", async () => {
    const api = await gateway({ webhookRateLimitPerMinute: 5, publicRateLimitPerMinute: 4 });
    const body = "{}";
    const fromOne = [];
    for (let i = 0; i < 5; i++)
      fromOne.push(
        await api.call("POST", "/webhooks/whatsapp", {
          key: null,
          rawBody: body,
          headers: { "content-type": "application/json", ...from("198.51.100.1") },
        }),
      );
    expect(fromOne.map((r) => r.status)).toEqual([401, 401, 401, 401, 429]);
    expect(Number(fromOne[4]?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(fromOne[4]?.body.error.code).toBe("rate_limited");

    // Another source still gets through, until the route's own limit (5 a minute) is spent.
    const other = await api.call("POST", "/webhooks/whatsapp", {
      key: null,
      rawBody: body,
      headers: { "content-type": "application/json", ...from("198.51.100.2") },
    });
    expect(other.status).toBe(401);
    const third = await api.call("POST", "/webhooks/whatsapp", {
      key: null,
      rawBody: body,
      headers: { "content-type": "application/json", ...from("198.51.100.3") },
    });
    expect(third.status).toBe(429);
    expect(third.body.error.message).toContain("webhook route");
  });

  test("unauthenticated pages and failed API keys are limited per source address", async () => {
    const api = await gateway({ publicRateLimitPerMinute: 20 });
    const health = [];
    for (let i = 0; i < 21; i++)
      health.push(
        (await api.call("GET", "/healthz", { key: null, headers: from("203.0.113.9") })).status,
      );
    expect(health.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(health[20]).toBe(429);

    // Two failed keys a minute per address (a tenth of 20): the third is refused unread.
    const guesses = [];
    for (let i = 0; i < 3; i++)
      guesses.push(
        (
          await api.call("GET", "/v1/agents", {
            key: `av_key_guess${i}`,
            headers: from("203.0.113.7"),
          })
        ).status,
      );
    expect(guesses).toEqual([401, 401, 429]);
    const admin = await api.call("GET", "/v1/tenants", { headers: from("203.0.113.8") });
    expect(admin.status).toBe(200);
  });
});
