import { afterEach, describe, expect, test } from "bun:test";
import {
  snapshotDb,
  startTestApi,
  TEST_CLIENT_HEADER,
  type TestApi,
  type TestApiOptions,
} from "../../../test/api-harness";
import { dataUrl, solidPng } from "../../../test/png";

let api: TestApi;
afterEach(() => api?.close());

async function gateway(options: TestApiOptions = {}) {
  api = await startTestApi(options);
  return api;
}

/** A tenant with a key, a published agent and a call token for it. */
async function tenantWithToken(name: string) {
  const { tenantId, key } = await api.tenantWithKey(name);
  const agent = await api.call("POST", "/v1/agents", { key, body: { name: "Desk" } });
  await api.call("POST", `/v1/agents/${agent.body.id}/publish`, { key });
  const minted = await api.call("POST", `/v1/agents/${agent.body.id}/call-tokens`, {
    key,
    body: {},
  });
  return { tenantId, key, token: minted.body.token as string };
}

/** The tables a brand lives in (keys' last use is noted on every request, so not those). */
async function brandRows() {
  const all = await snapshotDb(api.stores);
  return all.split("\n").filter((line) => /^(tenants|tenant_logos):/.test(line));
}

const RED_LOGO = solidPng(64, 32, [200, 0, 0]);
const BLUE_LOGO = solidPng(32, 32, [0, 0, 200]);

describe("tenant brand", () => {
  test("a tenant sets its own brand; the tenant shows it and its logo is served as an image", async () => {
    await gateway();
    const { tenantId, key } = await api.tenantWithKey("Acme Dental");
    const set = await api.call("PATCH", `/v1/tenants/${tenantId}/brand`, {
      key,
      body: {
        displayName: "  Acme Dental Care ",
        primaryColor: "#0B5FFF",
        accentColor: "#ffb000",
        logo: dataUrl("image/png", RED_LOGO),
      },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      displayName: "Acme Dental Care",
      primaryColor: "#0b5fff",
      accentColor: "#ffb000",
      logo: { contentType: "image/png", width: 64, height: 32, bytes: RED_LOGO.length },
    });
    const tenant = await api.call("GET", `/v1/tenants/${tenantId}`, { key });
    expect(tenant.body.brand).toEqual(set.body);
    expect((await api.call("GET", `/v1/tenants/${tenantId}/brand`, { key })).body).toEqual(
      set.body,
    );

    const logo = await api.call("GET", `/v1/tenants/${tenantId}/brand/logo`, {
      key,
      stream: true,
    });
    expect(logo.status).toBe(200);
    expect(logo.headers.get("content-type")).toBe("image/png");
    expect(logo.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await (logo.raw as Response).arrayBuffer())).toEqual(RED_LOGO);

    // A field left out stays; null clears one; the logo can be replaced.
    const changed = await api.call("PATCH", `/v1/tenants/${tenantId}/brand`, {
      key,
      body: { accentColor: null, logo: dataUrl("image/png", BLUE_LOGO) },
    });
    expect(changed.body).toMatchObject({
      displayName: "Acme Dental Care",
      primaryColor: "#0b5fff",
      accentColor: null,
      logo: { width: 32, height: 32 },
    });

    // Removed, the brand is gone and so is the logo.
    expect((await api.call("DELETE", `/v1/tenants/${tenantId}/brand`, { key })).status).toBe(204);
    expect((await api.call("GET", `/v1/tenants/${tenantId}`, { key })).body.brand).toBeNull();
    expect((await api.call("GET", `/v1/tenants/${tenantId}/brand`, { key })).status).toBe(404);
    expect((await api.call("GET", `/v1/tenants/${tenantId}/brand/logo`, { key })).status).toBe(404);
  });

  test("bad colours, names and logos are refused naming the field, and change nothing", async () => {
    await gateway();
    const { tenantId, key } = await api.tenantWithKey();
    await api.call("PATCH", `/v1/tenants/${tenantId}/brand`, {
      key,
      body: { displayName: "Acme", primaryColor: "#123456" },
    });
    const before = await brandRows();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>';
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ primaryColor: "red" }, "body.primaryColor", "must be a hex colour like #1a73e8"],
      [{ primaryColor: "#12345" }, "body.primaryColor", "must be a hex colour"],
      [{ accentColor: "#GGGGGG" }, "body.accentColor", "must be a hex colour"],
      [{ accentColor: 0xffffff }, "body.accentColor", "must be a string"],
      [{ displayName: "   " }, "body.displayName", "must not be empty"],
      [{ displayName: "x".repeat(81) }, "body.displayName", "at most 80 characters"],
      [{ logo: "https://cdn.example.com/logo.png" }, "body.logo", "not a link"],
      [{ logo: dataUrl("image/svg+xml", svg) }, "body.logo", "SVG is refused"],
      [{ logo: dataUrl("text/html", "<script>alert(1)</script>") }, "body.logo", "PNG or JPEG"],
      [{ logo: dataUrl("image/png", "<script>alert(1)</script>") }, "body.logo", "not a PNG"],
      [
        { logo: dataUrl("image/png", solidPng(1500, 20, [0, 0, 0])) },
        "body.logo",
        "1024×1024 pixels",
      ],
      [{ colour: "#000000" }, "body.colour", "is not a known field"],
    ];
    for (const [body, field, message] of cases) {
      // A good field beside the bad one is not applied either.
      const res = await api.call("PATCH", `/v1/tenants/${tenantId}/brand`, {
        key,
        body: { displayName: "Changed", ...body },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues).toContainEqual({
        field,
        message: expect.stringContaining(message),
      });
    }
    expect(await brandRows()).toEqual(before);
  });

  test("a tenant key cannot read or change another tenant's brand", async () => {
    await gateway();
    const mine = await api.tenantWithKey("Mine");
    const theirs = await api.tenantWithKey("Theirs");
    await api.call("PATCH", `/v1/tenants/${theirs.tenantId}/brand`, {
      key: theirs.key,
      body: { displayName: "Theirs Inc" },
    });
    const before = await brandRows();
    const path = `/v1/tenants/${theirs.tenantId}/brand`;
    expect((await api.call("GET", path, { key: mine.key })).status).toBe(404);
    expect((await api.call("GET", `${path}/logo`, { key: mine.key })).status).toBe(404);
    const patch = await api.call("PATCH", path, { key: mine.key, body: { displayName: "Mine" } });
    expect(patch.status).toBe(404);
    expect((await api.call("DELETE", path, { key: mine.key })).status).toBe(404);
    expect(await brandRows()).toEqual(before);
    // The operator may set any tenant's.
    const admin = await api.call("PATCH", path, { body: { primaryColor: "#000000" } });
    expect(admin.body).toMatchObject({ displayName: "Theirs Inc", primaryColor: "#000000" });
  });
});

describe("brand read through a call token", () => {
  test("a call token shows its own tenant's brand and logo, never another tenant's", async () => {
    await gateway();
    const a = await tenantWithToken("Tenant A");
    const b = await tenantWithToken("Tenant B");
    await api.call("PATCH", `/v1/tenants/${a.tenantId}/brand`, {
      key: a.key,
      body: {
        displayName: "Alpha Clinic",
        primaryColor: "#aa0000",
        logo: dataUrl("image/png", RED_LOGO),
      },
    });
    await api.call("PATCH", `/v1/tenants/${b.tenantId}/brand`, {
      key: b.key,
      body: {
        displayName: "Beta Bank",
        primaryColor: "#0000bb",
        logo: dataUrl("image/png", BLUE_LOGO),
      },
    });

    const seenByA = await api.call("GET", "/v1/calls/brand", { key: a.token });
    expect(seenByA.status).toBe(200);
    // The brand alone: no tenant id, name, plan or metadata.
    expect(seenByA.body).toEqual({
      displayName: "Alpha Clinic",
      primaryColor: "#aa0000",
      accentColor: null,
      logo: {
        url: expect.stringMatching(/^\/v1\/calls\/brand\/logo\?v=[0-9a-f]{16}$/),
        contentType: "image/png",
        width: 64,
        height: 32,
      },
    });
    expect(JSON.stringify(seenByA.body)).not.toContain(a.tenantId);
    const logoA = await api.call("GET", seenByA.body.logo.url, { key: a.token, stream: true });
    expect(new Uint8Array(await (logoA.raw as Response).arrayBuffer())).toEqual(RED_LOGO);

    const seenByB = await api.call("GET", "/v1/calls/brand", { key: b.token });
    expect(seenByB.body.displayName).toBe("Beta Bank");
    const logoB = await api.call("GET", "/v1/calls/brand/logo", { key: b.token, stream: true });
    expect(new Uint8Array(await (logoB.raw as Response).arrayBuffer())).toEqual(BLUE_LOGO);

    // The token reaches nothing else of its tenant, nor the other tenant's brand by path.
    for (const tenantId of [a.tenantId, b.tenantId]) {
      const res = await api.call("GET", `/v1/tenants/${tenantId}/brand`, { key: a.token });
      expect(res.status).toBe(403);
    }
    expect((await api.call("GET", `/v1/tenants/${a.tenantId}`, { key: a.token })).status).toBe(403);
  });

  test("a tenant without a brand reads as empty; the admin key is told where brands are", async () => {
    await gateway();
    const a = await tenantWithToken("Plain");
    const res = await api.call("GET", "/v1/calls/brand", { key: a.token });
    expect(res.body).toEqual({
      displayName: null,
      primaryColor: null,
      accentColor: null,
      logo: null,
    });
    expect((await api.call("GET", "/v1/calls/brand/logo", { key: a.token })).status).toBe(404);
    const admin = await api.call("GET", "/v1/calls/brand");
    expect(admin.status).toBe(400);
    expect(admin.body.error.message).toContain("/v1/tenants/{tenantId}/brand");
    expect((await api.call("GET", "/v1/calls/brand", { key: null })).status).toBe(401);
  });

  test("brand reads are limited per source address, however many call tokens it holds", async () => {
    await gateway({ publicRateLimitPerMinute: 3 });
    const a = await tenantWithToken("A");
    const b = await tenantWithToken("B");
    const from = (address: string) => ({ [TEST_CLIENT_HEADER]: address });
    const read = (token: string, address: string) =>
      api.call("GET", "/v1/calls/brand", { key: token, headers: from(address) });
    expect((await read(a.token, "203.0.113.7")).status).toBe(200);
    expect((await read(b.token, "203.0.113.7")).status).toBe(200);
    expect((await read(a.token, "203.0.113.7")).status).toBe(200);
    const refused = await read(b.token, "203.0.113.7");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    // Another address is not held back by the first.
    expect((await read(a.token, "198.51.100.2")).status).toBe(200);
  });
});
