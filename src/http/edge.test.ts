import { afterEach, describe, expect, test } from "bun:test";
import { ADMIN_KEY, snapshotDb, startTestApi, type TestApi } from "../../test/api-harness";

let api: TestApi;
afterEach(() => api.close());

describe("the HTTP edge", () => {
  test("requests without a valid key are 401 with a reason", async () => {
    api = await startTestApi();
    const cases: Array<[Record<string, string>, string]> = [
      [{}, "missing Authorization"],
      [{ authorization: "Basic dXNlcjpwYXNz" }, "Bearer"],
      [{ authorization: "Bearer av_admin_wrong-key-000000000000000000000" }, "invalid"],
      [{ authorization: "Bearer av_key_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" }, "invalid"],
      [{ authorization: "Bearer something-else" }, "invalid"],
    ];
    for (const [headers, reason] of cases) {
      const res = await api.call("GET", "/v1/agents", { key: null, headers });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
      expect(res.body.error.message).toContain(reason);
    }
  });

  test("a body over the limit is 413, a non-JSON body 415, malformed JSON 400", async () => {
    api = await startTestApi({ maxBodyBytes: 2048 });
    const big = await api.call("POST", "/v1/tenants", { body: { name: "x".repeat(5000) } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("payload_too_large");
    const text = await api.call("POST", "/v1/tenants", {
      rawBody: "name=x",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    expect(text.body.error.message).toContain("text/plain");
    const broken = await api.call("POST", "/v1/tenants", {
      rawBody: '{"name": ',
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message.toLowerCase()).toContain("json");
  });

  test("a key over its rate is 429 with Retry-After, and other keys are unaffected", async () => {
    api = await startTestApi({ rateLimitPerMinute: 3 });
    const { key } = await api.tenantWithKey(); // the admin spends 2 of its 3 here
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await api.call("GET", "/v1/agents", { key })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await api.call("GET", "/v1/agents", { key });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.body.error.code).toBe("rate_limited");
    expect((await api.call("GET", "/v1/tenants")).status).toBe(200);
  });

  test("an unknown route is a JSON 404", async () => {
    api = await startTestApi();
    const res = await api.call("GET", "/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });

  test("a server fault is a 500 whose request id is in the log line", async () => {
    api = await startTestApi();
    api.stores.db.close();
    const res = await api.call("GET", "/v1/agents");
    expect(res.status).toBe(500);
    const requestId = res.body.error.requestId;
    expect(requestId).toBe(res.headers.get("x-request-id"));
    const logged = api.logLines
      .map((l) => JSON.parse(l))
      .filter((l) => l.requestId === requestId && l.level === "error");
    expect(logged.length).toBeGreaterThan(0);
  });

  test("refused requests change nothing that is stored", async () => {
    api = await startTestApi({ maxBodyBytes: 4096 });
    const a = await api.tenantWithKey("A");
    const b = await api.tenantWithKey("B");
    const agent = (await api.call("POST", "/v1/agents", { key: a.key, body: { name: "Desk" } }))
      .body;
    await api.call("POST", "/v1/bindings", {
      key: a.key,
      body: { agentId: agent.id, channel: "livekit", address: "desk" },
    });
    // Using a key records its last use; do that first so only the refusals are compared.
    for (const key of [a.key, b.key]) await api.call("GET", "/v1/agents", { key });
    const before = await snapshotDb(api.stores);

    const refused = [
      await api.call("POST", "/v1/agents", {
        key: a.key,
        body: { name: "x", config: { voice: { speed: 9 } } },
      }),
      await api.call("PATCH", `/v1/agents/${agent.id}`, { key: a.key, body: { name: "" } }),
      await api.call("PATCH", `/v1/agents/${agent.id}`, { key: b.key, body: { name: "stolen" } }),
      await api.call("PATCH", `/v1/agents/${agent.id}`, {
        key: a.key,
        body: { name: "y", expectedRevision: 7 },
      }),
      await api.call("POST", `/v1/agents/${agent.id}/publish`, { key: b.key }),
      await api.call("POST", "/v1/bindings", {
        key: a.key,
        body: { agentId: agent.id, channel: "livekit", address: "desk" },
      }),
      await api.call("POST", "/v1/tenants", { key: a.key, body: { name: "sneaky" } }),
      await api.call("POST", "/v1/tenants", { body: { name: "z".repeat(9000) } }),
      await api.call("POST", "/v1/tenants", {
        rawBody: "<xml/>",
        headers: { "content-type": "application/xml" },
      }),
      await api.call("DELETE", `/v1/tenants/${a.tenantId}`, { key: null }),
      await api.call("PUT", `/v1/tenants/${a.tenantId}/credentials/meta`, {
        key: a.key,
        body: { kind: "wati" },
      }),
    ];
    expect(refused.map((r) => r.status)).toEqual([
      400, 400, 404, 409, 404, 409, 403, 413, 415, 401, 400,
    ]);
    expect(await snapshotDb(api.stores)).toBe(before);
  });

  test("no key, token or phone number reaches the log", async () => {
    api = await startTestApi({ logLevel: "debug" });
    const { tenantId, key } = await api.tenantWithKey();
    await api.call("GET", "/v1/agents", { key });
    await api.call("PUT", `/v1/tenants/${tenantId}/credentials/w`, {
      body: { kind: "wati", watiTenantId: "123", token: "wati-secret-token-value" },
    });
    api.stores.db.close();
    await api.call("POST", "/v1/bindings", {
      key: ADMIN_KEY,
      body: { channel: "wati", address: "+15550001111" },
    });
    const log = api.logLines.join("\n");
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [ADMIN_KEY, key, "wati-secret-token-value", "15550001111"]) {
      expect(log).not.toContain(secret);
    }
  });
});

describe("the API description", () => {
  test("/openapi.json is generated from the same schemas that validate requests", async () => {
    api = await startTestApi();
    const res = await api.call("GET", "/openapi.json", { key: null });
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/v1/tenants",
      "/v1/agents/{agentId}/publish",
      "/v1/bindings/{bindingId}",
      "/v1/tenants/{tenantId}/credentials/{name}",
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const create = doc.paths["/v1/agents"].post.requestBody.content["application/json"].schema;
    expect(create.$ref).toBe("#/components/schemas/AgentCreate");
    const configSchema = JSON.stringify(doc.components.schemas.AgentConfig);
    expect(configSchema).toContain("turnDetection");
    expect(configSchema).toContain("semantic_vad");
    const listParams = doc.paths["/v1/agents"].get.parameters.map((p: { name: string }) => p.name);
    expect(listParams).toEqual(
      expect.arrayContaining(["limit", "cursor", "tenantId", "published", "name"]),
    );
  });

  test("/docs serves a browsable reference of that document", async () => {
    api = await startTestApi();
    const res = await api.call("GET", "/docs", { key: null });
    expect(res.status).toBe(200);
    expect(String(res.body)).toContain("/openapi.json");
  });
});
