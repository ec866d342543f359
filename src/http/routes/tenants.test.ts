import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(() => api.close());

describe("tenants", () => {
  test("the admin creates, reads, lists, updates and deletes a tenant", async () => {
    const created = await api.call("POST", "/v1/tenants", {
      body: { name: "Acme Dental", plan: "pro", maxConcurrentCalls: 5, metadata: { region: "eu" } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Acme Dental",
      status: "active",
      plan: "pro",
      maxConcurrentCalls: 5,
    });
    const id = created.body.id;

    expect((await api.call("GET", `/v1/tenants/${id}`)).body.name).toBe("Acme Dental");
    const updated = await api.call("PATCH", `/v1/tenants/${id}`, {
      body: { status: "suspended", plan: null },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ status: "suspended", plan: null, name: "Acme Dental" });

    const listed = await api.call("GET", "/v1/tenants?status=suspended");
    expect(listed.body.data.map((t: { id: string }) => t.id)).toEqual([id]);

    expect((await api.call("DELETE", `/v1/tenants/${id}`)).status).toBe(204);
    expect((await api.call("GET", `/v1/tenants/${id}`)).status).toBe(404);
    expect((await api.call("GET", "/v1/tenants")).body.data).toEqual([]);
  });

  test("lists page through every tenant exactly once with cursors", async () => {
    for (let i = 0; i < 7; i++) await api.call("POST", "/v1/tenants", { body: { name: `T${i}` } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : "?limit=3";
      const page = await api.call("GET", `/v1/tenants${query}`);
      expect(page.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.data.map((t: { name: string }) => t.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["T6", "T5", "T4", "T3", "T2", "T1", "T0"]);
  });

  test("a tenant key sees its own tenant only, and other tenants do not exist for it", async () => {
    const mine = await api.tenantWithKey("Mine");
    const theirs = await api.tenantWithKey("Theirs");
    expect((await api.call("GET", `/v1/tenants/${mine.tenantId}`, { key: mine.key })).status).toBe(
      200,
    );
    const other = await api.call("GET", `/v1/tenants/${theirs.tenantId}`, { key: mine.key });
    expect(other.status).toBe(404);
    expect((await api.call("GET", "/v1/tenants", { key: mine.key })).status).toBe(403);
    expect(
      (await api.call("POST", "/v1/tenants", { key: mine.key, body: { name: "x" } })).status,
    ).toBe(403);
    const patch = await api.call("PATCH", `/v1/tenants/${mine.tenantId}`, {
      key: mine.key,
      body: { plan: "free" },
    });
    expect(patch.status).toBe(403);
  });

  test("a suspended tenant's keys are refused with 403", async () => {
    const { tenantId, key } = await api.tenantWithKey();
    await api.call("PATCH", `/v1/tenants/${tenantId}`, { body: { status: "suspended" } });
    const res = await api.call("GET", "/v1/agents", { key });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("suspended");
  });

  test("deleting a tenant stops its keys", async () => {
    const { tenantId, key } = await api.tenantWithKey();
    await api.call("DELETE", `/v1/tenants/${tenantId}`);
    expect((await api.call("GET", "/v1/agents", { key })).status).toBe(401);
  });

  test("bad tenant input is a 400 naming the field", async () => {
    const cases: Array<[unknown, string]> = [
      [{}, "body.name"],
      [{ name: "" }, "body.name"],
      [{ name: 42 }, "body.name"],
      [{ name: "x", status: "deleted" }, "body.status"],
      [{ name: "x", maxConcurrentCalls: -1 }, "body.maxConcurrentCalls"],
      [{ name: "x", colour: "blue" }, "body.colour"],
    ];
    for (const [body, field] of cases) {
      const res = await api.call("POST", "/v1/tenants", { body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid");
      expect(res.body.error.details.issues.map((i: { field: string }) => i.field)).toContain(field);
    }
    expect((await api.call("GET", "/v1/tenants/not-an-id")).body.error.message).toContain(
      "path.tenantId",
    );
    expect((await api.call("GET", "/v1/tenants?limit=0")).body.error.message).toContain(
      "query.limit",
    );
    expect((await api.call("GET", "/v1/tenants?cursor=abc")).status).toBe(400);
  });
});
