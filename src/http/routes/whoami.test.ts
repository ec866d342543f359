import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_KEY, startTestApi, type TestApi } from "../../../test/api-harness";

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(() => api.close());

describe("GET /v1/whoami", () => {
  test("the admin key is the admin", async () => {
    const res = await api.call("GET", "/v1/whoami", { key: ADMIN_KEY });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ kind: "admin" });
  });

  test("a tenant key names its tenant and itself, never the key's secret", async () => {
    const { tenantId, key } = await api.tenantWithKey("Harbour Clinic");
    const res = await api.call("GET", "/v1/whoami", { key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: "tenant",
      tenantId,
      tenantName: "Harbour Clinic",
      keyName: "ci",
      keyExpiresAt: null,
    });
    expect(res.body.keyId).toMatch(/^key_/);
    expect(JSON.stringify(res.body)).not.toContain(key);
  });

  test("a revoked key is refused with a reason", async () => {
    const { tenantId, key } = await api.tenantWithKey();
    const { keyId } = (await api.call("GET", "/v1/whoami", { key })).body;
    await api.call("DELETE", `/v1/tenants/${tenantId}/keys/${keyId}`, { key: ADMIN_KEY });
    const res = await api.call("GET", "/v1/whoami", { key });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe("API key is invalid, expired or revoked");
  });
});
