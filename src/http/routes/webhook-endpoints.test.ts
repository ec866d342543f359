import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { snapshotDb, startTestApi, type TestApi } from "../../../test/api-harness";
import type { Lookup } from "../../net/guarded-fetch";

/** DNS for the tests: one public name, and one that points at loopback (a rebinding trap). */
const lookup: Lookup = async (hostname) => {
  if (hostname === "hooks.example.com") return [{ address: "93.184.215.14" }];
  if (hostname === "sneaky.example.com") return [{ address: "127.0.0.1" }];
  throw new Error(`no such host: ${hostname}`);
};

let api: TestApi;
let tenant: { tenantId: string; key: string };
beforeEach(async () => {
  api = await startTestApi({ eventLookup: lookup });
  tenant = await api.tenantWithKey();
});
afterEach(() => api.close());

const create = (body: Record<string, unknown>, key = tenant.key) =>
  api.call("POST", "/v1/webhook-endpoints", { key, body });

describe("webhook endpoints: what an attacker cannot do", () => {
  test("an endpoint at loopback, a private address or a metadata service is refused with a clear 400", async () => {
    await api.call("GET", "/v1/webhook-endpoints", { key: tenant.key });
    const before = await snapshotDb(api.stores);
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://[::1]/hook",
      "http://169.254.169.254/latest/meta-data/",
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://10.0.0.5/hook",
      "https://sneaky.example.com/hook",
      "file:///etc/passwd",
      "https://user:pass@hooks.example.com/hook",
    ]) {
      const res = await create({ url });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^body\.url: /);
    }
    expect(await snapshotDb(api.stores)).toBe(before);
    const ok = await create({ url: "https://hooks.example.com/hook" });
    const moved = await api.call("PATCH", `/v1/webhook-endpoints/${ok.body.id}`, {
      key: tenant.key,
      body: { url: "http://169.254.169.254/" },
    });
    expect(moved.status).toBe(400);
    expect(moved.body.error.message).toContain("metadata");
    const now = await api.call("GET", `/v1/webhook-endpoints/${ok.body.id}`, { key: tenant.key });
    expect(now.body.url).toBe("https://hooks.example.com/hook");
  });

  test("a tenant cannot see, change, rotate or remove another tenant's endpoint or its deliveries", async () => {
    const mine = await create({ url: "https://hooks.example.com/a" });
    const other = await api.tenantWithKey("Other");
    const path = `/v1/webhook-endpoints/${mine.body.id}`;
    await api.call("GET", "/v1/webhook-endpoints", { key: other.key });
    const before = await snapshotDb(api.stores);
    const attempts = [
      api.call("GET", path, { key: other.key }),
      api.call("PATCH", path, { key: other.key, body: { enabled: false } }),
      api.call("DELETE", path, { key: other.key }),
      api.call("POST", `${path}/rotate-secret`, { key: other.key, body: {} }),
      api.call("GET", `${path}/deliveries`, { key: other.key }),
      api.call("POST", `${path}/deliveries/dlv_00000000000000000000000/retry`, {
        key: other.key,
      }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status).toBe(404);
    expect(await snapshotDb(api.stores)).toBe(before);
    const list = await api.call("GET", "/v1/webhook-endpoints", { key: other.key });
    expect(list.body.data).toEqual([]);
    const named = await api.call("GET", `/v1/webhook-endpoints?tenantId=${tenant.tenantId}`, {
      key: other.key,
    });
    expect(named.body.data).toEqual([]);
    const writesElsewhere = await create(
      { tenantId: tenant.tenantId, url: "https://hooks.example.com/b" },
      other.key,
    );
    expect(writesElsewhere.status).toBe(404);
  });

  test("the secret is shown when made and never again, and is not stored in plain", async () => {
    const made = await create({ url: "https://hooks.example.com/a", description: "CRM" });
    expect(made.status).toBe(201);
    const secret: string = made.body.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const path = `/v1/webhook-endpoints/${made.body.id}`;
    const answers = [
      await api.call("GET", path, { key: tenant.key }),
      await api.call("GET", "/v1/webhook-endpoints", { key: tenant.key }),
      await api.call("PATCH", path, { key: tenant.key, body: { description: "CRM (new)" } }),
      await api.call("GET", `${path}/deliveries`, { key: tenant.key }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(secret.slice(6));
      expect(JSON.stringify(res.body)).not.toContain('"secret"');
    }
    expect(await snapshotDb(api.stores)).not.toContain(secret.slice(6));
    expect(api.logLines.join("\n")).not.toContain(secret.slice(6));
  });
});

describe("webhook endpoints", () => {
  test("an endpoint is made, listed, narrowed to some event types, disabled and removed", async () => {
    const made = await create({
      url: "https://hooks.example.com/a",
      eventTypes: ["call.ended", "tool.failed"],
    });
    expect(made.body).toMatchObject({
      tenantId: tenant.tenantId,
      eventTypes: ["call.ended", "tool.failed"],
      enabled: true,
      previousSecretExpiresAt: null,
    });
    const path = `/v1/webhook-endpoints/${made.body.id}`;
    const all = await api.call("PATCH", path, {
      key: tenant.key,
      body: { eventTypes: [], enabled: false },
    });
    expect(all.body).toMatchObject({ eventTypes: null, enabled: false });
    const list = await api.call("GET", "/v1/webhook-endpoints", { key: tenant.key });
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([made.body.id]);
    expect((await api.call("DELETE", path, { key: tenant.key })).status).toBe(204);
    expect((await api.call("GET", path, { key: tenant.key })).status).toBe(404);
  });

  test("an unknown event type, a repeated one or a missing URL is named in the 400", async () => {
    const unknown = await create({ url: "https://hooks.example.com/a", eventTypes: ["call.lol"] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("body.eventTypes.0");
    const twice = await create({
      url: "https://hooks.example.com/a",
      eventTypes: ["call.ended", "call.ended"],
    });
    expect(twice.body.error.message).toContain("body.eventTypes");
    const none = await create({});
    expect(none.body.error.message).toContain("body.url");
  });

  test("the admin key must name the tenant an endpoint belongs to", async () => {
    const missing = await api.call("POST", "/v1/webhook-endpoints", {
      body: { url: "https://hooks.example.com/a" },
    });
    expect(missing.status).toBe(400);
    const made = await api.call("POST", "/v1/webhook-endpoints", {
      body: { tenantId: tenant.tenantId, url: "https://hooks.example.com/a" },
    });
    expect(made.status).toBe(201);
    expect(made.body.tenantId).toBe(tenant.tenantId);
  });

  test("rotating the secret shows a new one and says until when the old one still signs", async () => {
    const made = await create({ url: "https://hooks.example.com/a" });
    const path = `/v1/webhook-endpoints/${made.body.id}/rotate-secret`;
    const rotated = await api.call("POST", path, {
      key: tenant.key,
      body: { overlapSeconds: 3600 },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(made.body.secret);
    const left = Date.parse(rotated.body.previousSecretExpiresAt) - Date.now();
    expect(left).toBeGreaterThan(3000_000);
    expect(left).toBeLessThanOrEqual(3600_000);
    const noBody = await api.call("POST", path, { key: tenant.key });
    expect(noBody.status).toBe(200);
    const tooLong = await api.call("POST", path, {
      key: tenant.key,
      body: { overlapSeconds: 90 * 86_400 },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toContain("body.overlapSeconds");
  });
});
