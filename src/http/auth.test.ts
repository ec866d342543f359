import { afterEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { readEnv } from "../config/env";

let api: TestApi;
afterEach(() => api.close());

describe("an admin key of the operator's choosing", () => {
  // A value ADMIN_API_KEY accepts, without the `av_admin_` prefix of generated keys.
  const chosen = readEnv({ ADMIN_API_KEY: "operator-chosen-secret-0123456789" }).ADMIN_API_KEY;

  test("opens the admin API", async () => {
    api = await startTestApi({ adminKey: chosen });
    const created = await api.call("POST", "/v1/tenants", { key: chosen, body: { name: "Acme" } });
    expect(created.status).toBe(201);
    const listed = await api.call("GET", "/v1/tenants", { key: chosen });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((t: { name: string }) => t.name)).toEqual(["Acme"]);
  });

  test("a near miss is refused, and tenant keys still act only as their tenant", async () => {
    api = await startTestApi({ adminKey: chosen });
    const wrong = await api.call("GET", "/v1/tenants", { key: `${chosen}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toContain("invalid");
    const { key } = await api.tenantWithKey();
    expect((await api.call("GET", "/v1/agents", { key })).status).toBe(200);
    expect((await api.call("GET", "/v1/tenants", { key })).status).toBe(403);
  });
});
