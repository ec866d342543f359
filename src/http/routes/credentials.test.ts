import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi, type TestApi } from "../../../test/api-harness";

const ACCESS_TOKEN = "EAAGm0PX4ZCpsBAKZCZBZAexampleAccessTokenValue9876";
const APP_SECRET = "0123456789abcdef0123456789abcdef";

let dir: string;
let api: TestApi;
let tenant: { tenantId: string; key: string };
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "astra-cred-"));
  api = await startTestApi({ dbUrl: `file:${join(dir, "astra.db")}` });
  tenant = await api.tenantWithKey();
});
afterEach(() => {
  api.close();
  rmSync(dir, { recursive: true, force: true });
});

const put = (name: string, body: unknown, key = tenant.key, tenantId = tenant.tenantId) =>
  api.call("PUT", `/v1/tenants/${tenantId}/credentials/${name}`, { key, body });

describe("provider credentials", () => {
  test("/openapi.json names every kind a credential can be, in what it reads back", async () => {
    const doc = (await api.call("GET", "/openapi.json", { key: null })).body;
    const kinds = doc.components.schemas.Credential.properties.kind.enum;
    expect([...kinds].sort()).toEqual(
      ["dify", "http_auth", "livekit", "twilio", "wati", "whatsapp_cloud"].sort(),
    );
  });

  test("stored sealed: the database file holds ciphertext, the API shows masked values", async () => {
    const res = await put("meta", {
      kind: "whatsapp_cloud",
      accessToken: ACCESS_TOKEN,
      appSecret: APP_SECRET,
    });
    expect(res.status).toBe(200);
    expect(res.body.values).toEqual({ accessToken: "••••9876", appSecret: "••••cdef" });

    const read = await api.call("GET", `/v1/tenants/${tenant.tenantId}/credentials/meta`, {
      key: tenant.key,
    });
    const list = await api.call("GET", `/v1/tenants/${tenant.tenantId}/credentials`, {
      key: tenant.key,
    });
    for (const body of [res.body, read.body, list.body]) {
      expect(JSON.stringify(body)).not.toContain(ACCESS_TOKEN);
      expect(JSON.stringify(body)).not.toContain(APP_SECRET);
    }
    api.stores.db.close();
    const fileBytes = readFileSync(join(dir, "astra.db")).toString("latin1");
    const walBytes = (() => {
      try {
        return readFileSync(join(dir, "astra.db-wal")).toString("latin1");
      } catch {
        return "";
      }
    })();
    expect(fileBytes + walBytes).not.toContain(ACCESS_TOKEN);
    expect(fileBytes + walBytes).not.toContain(APP_SECRET);
  });

  test("the service can still reveal the plain values for provider calls", async () => {
    await put("meta", { kind: "whatsapp_cloud", accessToken: ACCESS_TOKEN });
    const plain = await api.stores.credentials.reveal(tenant.tenantId, "meta");
    expect(plain).toEqual({ kind: "whatsapp_cloud", accessToken: ACCESS_TOKEN });
  });

  test("a sealed value moved to another tenant's row cannot be opened", async () => {
    const other = await api.tenantWithKey("Other");
    await put("meta", { kind: "whatsapp_cloud", accessToken: ACCESS_TOKEN });
    await put(
      "meta",
      { kind: "whatsapp_cloud", accessToken: "placeholder-token" },
      other.key,
      other.tenantId,
    );
    await api.stores.db.execute({
      sql: "UPDATE credentials SET sealed = (SELECT sealed FROM credentials WHERE tenant_id = ?) WHERE tenant_id = ?",
      args: [tenant.tenantId, other.tenantId],
    });
    await expect(api.stores.credentials.reveal(other.tenantId, "meta")).rejects.toThrow();
  });

  test("setting again replaces; clearing removes", async () => {
    await put("lk", {
      kind: "livekit",
      url: "wss://lk.example.com",
      apiKey: "APIkey1234567890",
      apiSecret: "s".repeat(40),
    });
    const replaced = await put("lk", {
      kind: "dify",
      baseUrl: "https://dify.example.com/v1",
      token: "app-abcdefghijklmnop",
    });
    expect(replaced.body.kind).toBe("dify");
    expect(replaced.body.values).toEqual({
      baseUrl: "https://dify.example.com/v1",
      token: "••••mnop",
    });
    expect(
      (
        await api.call("DELETE", `/v1/tenants/${tenant.tenantId}/credentials/lk`, {
          key: tenant.key,
        })
      ).status,
    ).toBe(204);
    expect(
      (await api.call("GET", `/v1/tenants/${tenant.tenantId}/credentials/lk`, { key: tenant.key }))
        .status,
    ).toBe(404);
  });

  test("each kind's fields are checked", async () => {
    const missing = await put("meta", { kind: "whatsapp_cloud" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain("body.accessToken");
    const unknownKind = await put("x", { kind: "telegram", token: "t" });
    expect(unknownKind.body.error.message).toContain("body.kind");
    const badName = await put("Bad Name", { kind: "dify", baseUrl: "https://x.io", token: "t" });
    expect(badName.body.error.message).toContain("path.name");
  });

  test("HTTP tool credentials: bearer, basic and a named header, each with its own fields", async () => {
    const basic = await put("booking-api", {
      kind: "http_auth",
      scheme: "basic",
      username: "clinic",
      password: "a-long-basic-password-1234",
    });
    expect(basic.status).toBe(200);
    expect(basic.body.values).toEqual({
      scheme: "basic",
      username: "clinic",
      password: "••••1234",
    });
    const noPassword = await put("x", { kind: "http_auth", scheme: "basic", username: "clinic" });
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.error.message).toContain("body.password");
    const noHeader = await put("x", { kind: "http_auth", scheme: "header", value: "v" });
    expect(noHeader.body.error.message).toContain("body.headerName");
    const digest = await put("x", { kind: "http_auth", scheme: "digest", value: "v" });
    expect(digest.body.error.message).toContain("body.scheme");
  });

  test("a Wati baseUrl the gateway would never fetch is refused, naming baseUrl", async () => {
    const wati = (baseUrl: string) =>
      put("wati", { kind: "wati", watiTenantId: "1", token: "t", baseUrl });
    const cases: Array<[string, string]> = [
      ["http://127.0.0.1:8080/", "it is a loopback address"],
      ["http://2130706433/", "it is a loopback address"],
      ["http://[::ffff:127.0.0.1]/", "it is a loopback address"],
      ["https://10.1.2.3/", "it is a private network address"],
      ["http://169.254.169.254/latest/", "it is a cloud metadata service"],
      ["http://metadata.google.internal/", "it is a cloud metadata service"],
      ["http://0.0.0.0/", "it is an unspecified address"],
      ["wss://live-mt-server.wati.io", "only http and https URLs are allowed"],
      [
        "https://user:s3cret@live-mt-server.wati.io",
        "the URL must not carry a user name or password",
      ],
    ];
    for (const [baseUrl, why] of cases) {
      const refused = await wati(baseUrl);
      expect(`${baseUrl} ${refused.status} ${refused.body.error.message}`).toBe(
        `${baseUrl} 400 body.baseUrl: the gateway does not fetch this URL: ${why}`,
      );
      expect(JSON.stringify(refused.body)).not.toContain("s3cret");
    }
    const list = await api.call("GET", `/v1/tenants/${tenant.tenantId}/credentials`, {
      key: tenant.key,
    });
    expect(list.body.data).toEqual([]);
    expect((await wati("https://live-mt-server.wati.io")).status).toBe(200);
    // Names are judged when fetched, on the addresses they resolve to then.
    expect((await wati("http://localhost:8080")).status).toBe(200);
  });

  test("ALLOW_PRIVATE_EGRESS lets a Wati baseUrl name a private range", async () => {
    const onPremises = await startTestApi({ allowPrivateEgress: ["10.0.0.0/8"] });
    const { tenantId, key } = await onPremises.tenantWithKey();
    const path = `/v1/tenants/${tenantId}/credentials/wati`;
    const body = (baseUrl: string) => ({ kind: "wati", watiTenantId: "1", token: "t", baseUrl });
    expect(
      (await onPremises.call("PUT", path, { key, body: body("http://10.1.2.3/") })).status,
    ).toBe(200);
    expect(
      (await onPremises.call("PUT", path, { key, body: body("http://192.168.1.1/") })).status,
    ).toBe(400);
    await onPremises.close();
  });

  test("another tenant can neither read nor write these credentials", async () => {
    await put("meta", { kind: "whatsapp_cloud", accessToken: ACCESS_TOKEN });
    const other = await api.tenantWithKey("Other");
    const path = `/v1/tenants/${tenant.tenantId}/credentials`;
    expect((await api.call("GET", path, { key: other.key })).status).toBe(404);
    expect((await api.call("GET", `${path}/meta`, { key: other.key })).status).toBe(404);
    expect((await api.call("DELETE", `${path}/meta`, { key: other.key })).status).toBe(404);
    expect(
      (await put("meta", { kind: "dify", baseUrl: "https://x.io", token: "t" }, other.key)).status,
    ).toBe(404);
    expect((await api.stores.credentials.reveal(tenant.tenantId, "meta")).kind).toBe(
      "whatsapp_cloud",
    );
  });
});
