import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { FakeWatiApi } from "../../../test/fake-wati-api";

const CALLEE = "919800000002";
const BUSINESS = "15550001111";
let wati: FakeWatiApi;
let api: TestApi | undefined;
beforeEach(() => {
  wati = new FakeWatiApi();
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  wati.stop();
});

/** A tenant whose published agent has a Wati line; `store` saves its credential. */
async function watiLine(
  testApi: TestApi,
  store: (tenantId: string, key: string) => Promise<unknown>,
) {
  const { tenantId, key } = await testApi.tenantWithKey();
  const agentId = (await testApi.call("POST", "/v1/agents", { key, body: { name: "Out" } })).body
    .id;
  await testApi.call("POST", `/v1/agents/${agentId}/publish`, { key });
  await store(tenantId, key);
  await testApi.call("POST", "/v1/bindings", {
    key,
    body: { agentId, channel: "wati", address: BUSINESS },
  });
  const place = () =>
    testApi.call("POST", "/v1/calls", {
      key,
      body: { agentId, channel: "whatsapp", to: CALLEE },
      headers: { "idempotency-key": crypto.randomUUID() },
    });
  return { tenantId, key, place };
}

const credential = (baseUrl: string) => ({
  kind: "wati" as const,
  watiTenantId: wati.tenantId,
  token: wati.token,
  baseUrl,
});

describe("a Wati credential's baseUrl on the gateway's own network, without an allow-list", () => {
  test("naming loopback literally: refused when stored, and nothing is sent", async () => {
    api = await startTestApi();
    const { tenantId, key } = await api.tenantWithKey();
    const put = await api.call("PUT", `/v1/tenants/${tenantId}/credentials/wati`, {
      key,
      body: credential(wati.url),
    });
    expect(put.status).toBe(400);
    expect(put.body.error.message).toBe(
      "body.baseUrl: the gateway does not fetch this URL: it is a loopback address",
    );
    expect(put.body.error.details.issues[0].field).toBe("body.baseUrl");
    const stored = await api.call("GET", `/v1/tenants/${tenantId}/credentials/wati`, { key });
    expect(stored.status).toBe(404);
    expect(wati.requests).toEqual([]);
  });

  test("already stored (before the check existed): placing a call fails clearly, nothing sent", async () => {
    const testApi = await startTestApi();
    api = testApi;
    const line = await watiLine(testApi, (tenantId) =>
      testApi.stores.credentials.put(tenantId, "wati", credential(wati.url)),
    );
    const placed = await line.place();
    expect(placed.status).toBe(409);
    expect(placed.body.error.message).toBe(
      `wati get_call_permission failed: refused to connect to 127.0.0.1:${new URL(wati.url).port}: ` +
        "it is a loopback address; change the baseUrl of the credential 'wati'",
    );
    expect(wati.requests).toEqual([]);
    await testApi.background.idle();
    const [record] = (await testApi.call("GET", "/v1/conversations", { key: line.key })).body.data;
    expect(record).toMatchObject({ status: "ended", endReason: "provider_failed" });
  });

  test("naming a host that resolves to loopback: stored, but refused when fetched", async () => {
    const testApi = await startTestApi();
    api = testApi;
    const byName = wati.url.replace("127.0.0.1", "localhost");
    const line = await watiLine(testApi, async (tenantId, key) => {
      const put = await testApi.call("PUT", `/v1/tenants/${tenantId}/credentials/wati`, {
        key,
        body: credential(byName),
      });
      expect(put.status).toBe(200);
    });
    const placed = await line.place();
    expect(placed.status).toBe(409);
    expect(placed.body.error.message).toContain(
      `refused to connect to localhost:${new URL(wati.url).port} (127.0.0.1): it is a loopback address`,
    );
    expect(JSON.stringify(placed.body)).not.toContain(wati.token);
    expect(wati.requests).toEqual([]);
  });
});

test("with ALLOW_PRIVATE_EGRESS naming the fake's address, the same line reaches it", async () => {
  const testApi = await startTestApi({ allowPrivateEgress: ["127.0.0.1/32"] });
  api = testApi;
  const line = await watiLine(testApi, async (tenantId, key) => {
    const put = await testApi.call("PUT", `/v1/tenants/${tenantId}/credentials/wati`, {
      key,
      body: credential(wati.url),
    });
    expect(put.status).toBe(200);
  });
  const placed = await line.place();
  expect(placed.status).toBe(202);
  expect(placed.body.status).toBe("waiting_permission");
  expect(wati.requests.map((r) => r.path)).toEqual([
    `${wati.callsPath}/permissions/${CALLEE}`,
    `${wati.callsPath}/call-permission-request/${CALLEE}`,
  ]);
});
