import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(() => api.close());

describe("tenant API keys", () => {
  test("a key is shown once at creation; lists show only its prefix", async () => {
    const { tenantId, key } = await api.tenantWithKey();
    expect(key).toMatch(/^av_key_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{32}$/);
    const list = await api.call("GET", `/v1/tenants/${tenantId}/keys`);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0].key).toBeUndefined();
    expect(key.startsWith(list.body.data[0].prefix.replace("…", ""))).toBe(true);
    expect(JSON.stringify(list.body)).not.toContain(key.slice(-32));
  });

  test("the database keeps only a hash of the key", async () => {
    const { key } = await api.tenantWithKey();
    const rows = await api.stores.db.execute("SELECT * FROM api_keys");
    expect(JSON.stringify(rows.rows)).not.toContain(key.slice(-32));
  });

  test("last use is recorded", async () => {
    const { tenantId, key } = await api.tenantWithKey();
    await api.call("GET", "/v1/agents", { key });
    const list = await api.call("GET", `/v1/tenants/${tenantId}/keys`, { key });
    expect(list.body.data[0].lastUsedAt).not.toBeNull();
  });

  test("a revoked key stops working at once; other keys keep working", async () => {
    const { tenantId, key } = await api.tenantWithKey();
    const second = await api.call("POST", `/v1/tenants/${tenantId}/keys`, {
      key,
      body: { name: "backup" },
    });
    expect(second.status).toBe(201);
    const keys = await api.call("GET", `/v1/tenants/${tenantId}/keys`, { key });
    const firstId = keys.body.data.find((k: { name: string }) => k.name === "ci").id;
    expect(
      (
        await api.call("DELETE", `/v1/tenants/${tenantId}/keys/${firstId}`, {
          key: second.body.key,
        })
      ).status,
    ).toBe(204);
    const refused = await api.call("GET", "/v1/agents", { key });
    expect(refused.status).toBe(401);
    expect((await api.call("GET", "/v1/agents", { key: second.body.key })).status).toBe(200);
    const shown = await api.call("GET", `/v1/tenants/${tenantId}/keys/${firstId}`);
    expect(shown.body.revokedAt).not.toBeNull();
  });

  test("an expired key is refused", async () => {
    const { tenantId } = await api.tenantWithKey();
    const soon = new Date(Date.now() + 1000).toISOString();
    const created = await api.call("POST", `/v1/tenants/${tenantId}/keys`, {
      body: { name: "short", expiresAt: soon },
    });
    expect((await api.call("GET", "/v1/agents", { key: created.body.key })).status).toBe(200);
    await api.stores.db.execute({
      sql: "UPDATE api_keys SET expires_at = ? WHERE id = ?",
      args: [new Date(Date.now() - 1000).toISOString(), created.body.id],
    });
    expect((await api.call("GET", "/v1/agents", { key: created.body.key })).status).toBe(401);
    const past = await api.call("POST", `/v1/tenants/${tenantId}/keys`, {
      body: { name: "old", expiresAt: "2001-01-01T00:00:00Z" },
    });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toContain("body.expiresAt");
  });

  test("a key made by an expiring tenant key never outlives it", async () => {
    const { tenantId } = await api.tenantWithKey();
    const inADay = new Date(Date.now() + 86_400_000).toISOString();
    const parent = await api.call("POST", `/v1/tenants/${tenantId}/keys`, {
      body: { name: "contractor", expiresAt: inADay },
    });
    const asParent = (body: Record<string, unknown>) =>
      api.call("POST", `/v1/tenants/${tenantId}/keys`, { key: parent.body.key, body });

    const inherited = await asParent({ name: "no expiry asked" });
    expect(inherited.status).toBe(201);
    expect(inherited.body.expiresAt).toBe(parent.body.expiresAt);
    const sooner = new Date(Date.now() + 3_600_000).toISOString();
    expect((await asParent({ name: "sooner", expiresAt: sooner })).body.expiresAt).toBe(sooner);
    const later = await asParent({
      name: "later",
      expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    expect(later.status).toBe(400);
    expect(later.body.error.message).toContain("body.expiresAt: must not be later than");

    const agent = await api.call("POST", "/v1/agents", {
      key: parent.body.key,
      body: { name: "Desk" },
    });
    const minted = await api.call("POST", `/v1/agents/${agent.body.id}/call-tokens`, {
      key: parent.body.key,
      body: { ttlSeconds: 3600 },
    });
    expect(Date.parse(minted.body.expiresAt)).toBeLessThanOrEqual(Date.parse(inADay));
    await api.stores.db.execute({
      sql: "UPDATE api_keys SET expires_at = ? WHERE id = ?",
      args: [new Date(Date.now() + 60_000).toISOString(), parent.body.id],
    });
    const clamped = await api.call("POST", `/v1/agents/${agent.body.id}/call-tokens`, {
      key: parent.body.key,
      body: { ttlSeconds: 3600 },
    });
    expect(Date.parse(clamped.body.expiresAt)).toBeLessThanOrEqual(Date.now() + 60_000);

    // The admin key and keys without expiry are not bounded.
    const free = await api.call("POST", `/v1/tenants/${tenantId}/keys`, { body: { name: "ops" } });
    expect(free.body.expiresAt).toBeNull();
  });

  test("one tenant cannot see, make or revoke another tenant's keys", async () => {
    const a = await api.tenantWithKey("A");
    const b = await api.tenantWithKey("B");
    const bKeys = await api.call("GET", `/v1/tenants/${b.tenantId}/keys`);
    const bKeyId = bKeys.body.data[0].id;
    expect((await api.call("GET", `/v1/tenants/${b.tenantId}/keys`, { key: a.key })).status).toBe(
      404,
    );
    expect(
      (
        await api.call("POST", `/v1/tenants/${b.tenantId}/keys`, {
          key: a.key,
          body: { name: "x" },
        })
      ).status,
    ).toBe(404);
    expect(
      (await api.call("DELETE", `/v1/tenants/${b.tenantId}/keys/${bKeyId}`, { key: a.key })).status,
    ).toBe(404);
    expect(
      (await api.call("DELETE", `/v1/tenants/${a.tenantId}/keys/${bKeyId}`, { key: a.key })).status,
    ).toBe(404);
    expect((await api.call("GET", "/v1/agents", { key: b.key })).status).toBe(200);
  });
});
