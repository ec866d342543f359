import { afterEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../test/api-harness";

let api: TestApi;
afterEach(() => api.close());

describe("rate limits", () => {
  test("each call token has its own bucket, even for the same agent", async () => {
    api = await startTestApi({ rateLimitPerMinute: 3, rateLimitPerTenantPerMinute: 1000 });
    const { tenantId } = await api.tenantWithKey();
    const agentId = (await api.call("POST", "/v1/agents", { body: { name: "Desk", tenantId } }))
      .body.id;
    const exp = Date.now() + 60_000;
    const first = api.callTokens.mint({ tenantId, agentId, exp });
    const second = api.callTokens.mint({ tenantId, agentId, exp: exp + 1 });
    const use = async (token: string) =>
      (await api.call("GET", "/v1/calls/webrtc-config", { key: token })).status;
    const firstStatuses = [await use(first), await use(first), await use(first), await use(first)];
    expect(firstStatuses).toEqual([200, 200, 200, 429]);
    expect(await use(second)).toBe(200);
  });

  test("a tenant's keys together stay within the tenant's limit", async () => {
    api = await startTestApi({ rateLimitPerMinute: 10, rateLimitPerTenantPerMinute: 15 });
    const { tenantId, key: a } = await api.tenantWithKey();
    const more = async (name: string) =>
      (await api.call("POST", `/v1/tenants/${tenantId}/keys`, { body: { name } })).body.key;
    const b = await more("b");
    const c = await more("c");
    const use = async (key: string, times: number) => {
      const statuses: number[] = [];
      for (let i = 0; i < times; i++)
        statuses.push((await api.call("GET", "/v1/agents", { key })).status);
      return statuses;
    };
    expect(await use(a, 10)).toEqual(new Array(10).fill(200));
    expect(await use(b, 7)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await api.call("GET", "/v1/agents", { key: c });
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toContain("tenant");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another tenant, and the admin, are not held back by this one.
    const other = await api.tenantWithKey("Other");
    expect(await use(other.key, 2)).toEqual([200, 200]);
  });
});
