import { afterEach, describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { FakeGraphApi } from "../../test/fake-graph-api";
import { metaLine } from "../../test/whatsapp-line";
import { memoryLogger } from "../log/logger";
import { ProviderError } from "../providers/provider-error";
import type { AppEnv } from "./context";
import { handleError } from "./errors";
import { requestLog } from "./request-log";

let api: TestApi;
let graph: FakeGraphApi | undefined;
afterEach(async () => {
  await api.close();
  graph?.stop();
  graph = undefined;
});

const json = { "content-type": "application/json" };

describe("error bodies", () => {
  test("every error carries the request id also sent as X-Request-Id", async () => {
    api = await startTestApi({ maxBodyBytes: 2048, rateLimitPerMinute: 4 });
    const { key } = await api.tenantWithKey(); // the admin spends 2 of its 4 here
    const replies = {
      noRoute: await api.call("GET", "/v1/nothing-here"),
      noKey: await api.call("GET", "/v1/agents", { key: null }),
      tooLarge: await api.call("POST", "/v1/agents", { key, body: { name: "x".repeat(5000) } }),
      notJson: await api.call("POST", "/v1/agents", {
        key,
        rawBody: "name=x",
        headers: { "content-type": "text/plain" },
      }),
      malformed: await api.call("POST", "/v1/agents", { key, rawBody: '{"name": ', headers: json }),
      invalid: await api.call("POST", "/v1/agents", { key, body: { name: 7 } }),
      webhook: await api.call("POST", "/webhooks/wati/ten_00000000000000000000000", {
        key: null,
        body: {},
      }),
    };
    await api.call("GET", "/v1/tenants");
    await api.call("GET", "/v1/tenants");
    const limited = await api.call("GET", "/v1/tenants");
    const expected: Array<[keyof typeof replies | "limited", number]> = [
      ["noRoute", 404],
      ["noKey", 401],
      ["tooLarge", 413],
      ["notJson", 415],
      ["malformed", 400],
      ["invalid", 400],
      ["webhook", 401],
      ["limited", 429],
    ];
    for (const [name, status] of expected) {
      const reply = name === "limited" ? limited : replies[name];
      expect([name, reply.status]).toEqual([name, status]);
      expect(reply.body.error.requestId).toBeString();
      expect(reply.body.error.requestId).toBe(reply.headers.get("x-request-id"));
    }
    expect(replies.malformed.body.error.message).toBe("body: is not valid JSON");
  });

  test("validation speaks plain words, names the field and never echoes the value", async () => {
    api = await startTestApi();
    const { key } = await api.tenantWithKey();
    const refuse = async (body: unknown) => {
      const res = await api.call("POST", "/v1/agents", { key, body });
      expect(res.status).toBe(400);
      return res.body.error.message as string;
    };
    expect(await refuse({ name: 123 })).toBe("body.name: must be a string");
    expect(await refuse({})).toBe("body.name: is required");
    expect(await refuse({ name: "n".repeat(201) })).toBe(
      "body.name: must be at most 200 characters",
    );
    expect(await refuse({ name: "x", config: { voice: { speed: 9 } } })).toBe(
      "body.config.voice.speed: must be at most 1.5",
    );
    expect(await refuse({ name: "x", config: { voice: { name: "robot-voice" } } })).toStartWith(
      'body.config.voice.name: must be one of "alloy", "ash",',
    );
    expect(await refuse({ name: "x", colour: "blue" })).toBe("body.colour: is not a known field");
    expect(await refuse({ name: "x", config: { maxCallDurationSeconds: 30.5 } })).toBe(
      "body.config.maxCallDurationSeconds: must be a whole number",
    );
    const tool = { type: "http", name: "t", description: "d", url: "not a url at all" };
    const message = await refuse({ name: "x", config: { tools: [tool] } });
    expect(message).toContain("body.config.tools.0.url: must be a URL");
    expect(message).not.toContain("not a url at all");
  });

  test("a list of many failures is cut short and says how many more", async () => {
    api = await startTestApi();
    const { key } = await api.tenantWithKey();
    const res = await api.call("POST", "/v1/agents", {
      key,
      body: { name: "x", config: { tools: Array.from({ length: 50 }, () => 0) } },
    });
    expect(res.body.error.details.issues).toHaveLength(20);
    expect(res.body.error.message).toContain("(and ");
  });

  test("a provider failing on POST /v1/calls is a 502 naming the provider, not a 500", async () => {
    graph = new FakeGraphApi();
    api = await startTestApi({ graphUrl: graph.url });
    const line = await metaLine(api, graph.accessToken);
    const place = (idempotencyKey: string) =>
      api.call("POST", "/v1/calls", {
        key: line.key,
        body: { agentId: line.agentId, channel: "whatsapp", to: "+919800000002" },
        headers: { "idempotency-key": idempotencyKey },
      });
    graph.fail({ path: "/call_permissions" }, { status: 500, times: 10 });
    const res = await place("order-1");
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({
      code: "provider_error",
      details: {
        provider: "whatsapp_cloud",
        action: "get_call_permission",
        category: "server",
        providerStatus: 500,
        providerCode: 1,
      },
    });
    expect(res.body.error.requestId).toBe(res.headers.get("x-request-id"));
    expect(JSON.stringify(res.body)).not.toContain(graph.accessToken);
    expect(JSON.stringify(res.body)).not.toContain("919800000002");
  });

  test("a provider's rate limit is a 503, its timeout a 504", async () => {
    graph = new FakeGraphApi();
    api = await startTestApi({ graphUrl: graph.url });
    const line = await metaLine(api, graph.accessToken);
    graph.fail({ path: "/call_permissions" }, { status: 429, error: { message: "slow", code: 4 } });
    const limited = await api.call("POST", "/v1/calls", {
      key: line.key,
      body: { agentId: line.agentId, channel: "whatsapp", to: "+919800000002" },
      headers: { "idempotency-key": "order-2" },
    });
    expect([limited.status, limited.body.error.code]).toEqual([503, "provider_unavailable"]);
    expect(limited.body.error.details).toMatchObject({ category: "rate_limited", providerCode: 4 });

    const app = new Hono<AppEnv>();
    app.use("*", requestLog(memoryLogger("error").logger));
    app.onError(handleError);
    app.get("/", () => {
      throw new ProviderError(
        { provider: "wati", action: "connect", category: "timeout", status: 0, attempts: 2 },
        "no answer",
      );
    });
    const timedOut = await app.request("/");
    expect(timedOut.status).toBe(504);
    expect(await timedOut.json()).toMatchObject({
      error: { code: "provider_timeout", details: { provider: "wati", category: "timeout" } },
    });
  });
});
