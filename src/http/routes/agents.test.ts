import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";

let api: TestApi;
let tenant: { tenantId: string; key: string };
beforeEach(async () => {
  api = await startTestApi();
  tenant = await api.tenantWithKey();
});
afterEach(() => api.close());

const createAgent = (body: Record<string, unknown> = {}, key = tenant.key) =>
  api.call("POST", "/v1/agents", { key, body: { name: "Front desk", ...body } });

describe("agents", () => {
  test("a new agent gets a full default config as its draft and no published version", async () => {
    const res = await createAgent({ config: { instructions: "Book dental appointments." } });
    expect(res.status).toBe(201);
    expect(res.body.tenantId).toBe(tenant.tenantId);
    expect(res.body.publishedVersion).toBeNull();
    expect(res.body.draft).toMatchObject({
      instructions: "Book dental appointments.",
      voice: { speed: 1 },
      turnDetection: { type: "server_vad", threshold: 0.5, silenceDurationMs: 500 },
      maxCallDurationSeconds: 300,
      silence: { timeoutSeconds: 10, maxRetries: 2 },
    });
  });

  test("the admin must say which tenant an agent belongs to", async () => {
    const missing = await api.call("POST", "/v1/agents", { body: { name: "x" } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain("tenantId");
    const ok = await api.call("POST", "/v1/agents", {
      body: { name: "x", tenantId: tenant.tenantId },
    });
    expect(ok.status).toBe(201);
  });

  test("publish makes version N+1 from the draft; later draft edits do not touch it", async () => {
    const agent = (await createAgent({ config: { instructions: "v1 text" } })).body;
    const v1 = await api.call("POST", `/v1/agents/${agent.id}/publish`, {
      key: tenant.key,
      body: { note: "first" },
    });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({
      version: 1,
      note: "first",
      config: { instructions: "v1 text" },
    });

    const edited = await api.call("PATCH", `/v1/agents/${agent.id}`, {
      key: tenant.key,
      body: { config: { instructions: "v2 text", voice: { name: "cedar" } } },
    });
    expect(edited.body.draftRevision).toBe(2);
    const v2 = await api.call("POST", `/v1/agents/${agent.id}/publish`, { key: tenant.key });
    expect(v2.body.version).toBe(2);

    const first = await api.call("GET", `/v1/agents/${agent.id}/versions/1`, { key: tenant.key });
    expect(first.body.config.instructions).toBe("v1 text");
    const list = await api.call("GET", `/v1/agents/${agent.id}/versions`, { key: tenant.key });
    expect(list.body.data.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(
      (await api.call("GET", `/v1/agents/${agent.id}`, { key: tenant.key })).body.publishedVersion,
    ).toBe(2);
  });

  test("rollback publishes an older version's config again as the next version", async () => {
    const agent = (await createAgent({ config: { instructions: "good" } })).body;
    await api.call("POST", `/v1/agents/${agent.id}/publish`, { key: tenant.key });
    await api.call("PATCH", `/v1/agents/${agent.id}`, {
      key: tenant.key,
      body: { config: { instructions: "bad" } },
    });
    await api.call("POST", `/v1/agents/${agent.id}/publish`, { key: tenant.key });
    const rolled = await api.call("POST", `/v1/agents/${agent.id}/versions/1/rollback`, {
      key: tenant.key,
    });
    expect(rolled.status).toBe(201);
    expect(rolled.body).toMatchObject({
      version: 3,
      sourceVersion: 1,
      config: { instructions: "good" },
    });
    const missing = await api.call("POST", `/v1/agents/${agent.id}/versions/9/rollback`, {
      key: tenant.key,
    });
    expect(missing.status).toBe(404);
  });

  test("an edit based on a stale draft revision is a 409 and changes nothing", async () => {
    const agent = (await createAgent()).body;
    await api.call("PATCH", `/v1/agents/${agent.id}`, {
      key: tenant.key,
      body: { config: { instructions: "A" }, expectedRevision: 1 },
    });
    const stale = await api.call("PATCH", `/v1/agents/${agent.id}`, {
      key: tenant.key,
      body: { config: { instructions: "B" }, expectedRevision: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.draftRevision).toBe(2);
    expect(
      (await api.call("GET", `/v1/agents/${agent.id}`, { key: tenant.key })).body.draft
        .instructions,
    ).toBe("A");
  });

  test("PATCH merges into the draft: changing the voice keeps instructions and greeting", async () => {
    const agent = (
      await createAgent({
        config: {
          instructions: "Book dental appointments.",
          greeting: { mode: "fixed", text: "Hello from the clinic" },
          voice: { name: "marin", speed: 1.2 },
          tools: [{ type: "builtin", name: "end_call" }],
        },
      })
    ).body;
    const patch = (body: Record<string, unknown>) =>
      api.call("PATCH", `/v1/agents/${agent.id}`, { key: tenant.key, body });

    const cedar = await patch({ config: { voice: { name: "cedar" } } });
    expect(cedar.status).toBe(200);
    expect(cedar.body.draft).toMatchObject({
      instructions: "Book dental appointments.",
      greeting: { mode: "fixed", text: "Hello from the clinic" },
      voice: { name: "cedar", speed: 1.2 },
      tools: [{ type: "builtin", name: "end_call" }],
    });
    expect(cedar.body.draftRevision).toBe(2);

    // Lists replace; null resets a field to its default.
    const edited = await patch({
      config: { tools: [], voice: { speed: null }, greeting: { text: null } },
    });
    expect(edited.body.draft.tools).toEqual([]);
    expect(edited.body.draft.voice).toEqual({ name: "cedar", speed: 1 });
    expect(edited.body.draft.greeting).toEqual({ mode: "fixed", muteCaller: false });
    expect(edited.body.draft.instructions).toBe("Book dental appointments.");

    // A new turn-detection type replaces the old one's fields rather than mixing them in.
    const semantic = await patch({ config: { turnDetection: { type: "semantic_vad" } } });
    expect(semantic.body.draft.turnDetection).toEqual({
      type: "semantic_vad",
      eagerness: "auto",
      interruptResponse: true,
    });
  });

  test("a PATCH whose merged draft is invalid is a 400 naming the field, and changes nothing", async () => {
    const agent = (await createAgent({ config: { instructions: "Keep me" } })).body;
    const bad = await api.call("PATCH", `/v1/agents/${agent.id}`, {
      key: tenant.key,
      body: { name: "Renamed", config: { voice: { speed: 7 }, language: { accent: "es-MX" } } },
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.error.details.issues.map((i: { field: string }) => i.field);
    expect(fields.sort()).toEqual(["body.config.language", "body.config.voice.speed"]);
    expect(bad.body.error.message).toContain("body.config.voice.speed: must be at most 1.5");
    const after = (await api.call("GET", `/v1/agents/${agent.id}`, { key: tenant.key })).body;
    expect([after.name, after.draftRevision, after.draft.instructions]).toEqual([
      "Front desk",
      1,
      "Keep me",
    ]);
  });

  test("PUT /draft replaces the whole draft, with the same revision check", async () => {
    const agent = (await createAgent({ config: { instructions: "Old", voice: { name: "cedar" } } }))
      .body;
    const put = (body: Record<string, unknown>) =>
      api.call("PUT", `/v1/agents/${agent.id}/draft`, { key: tenant.key, body });
    const replaced = await put({ config: { instructions: "New" }, expectedRevision: 1 });
    expect(replaced.status).toBe(200);
    expect(replaced.body.draft.instructions).toBe("New");
    // Fields left out take their defaults: no voice name, so the language's default voice.
    expect(replaced.body.draft.voice).toEqual({ speed: 1 });
    expect(replaced.body.draftRevision).toBe(2);
    const stale = await put({ config: { instructions: "Stale" }, expectedRevision: 1 });
    expect([stale.status, stale.body.error.details.draftRevision]).toEqual([409, 2]);
    const missing = await put({ expectedRevision: 2 });
    expect([missing.status, missing.body.error.message]).toEqual([400, "body.config: is required"]);
    const invalid = await put({ config: { voice: { name: "robot" } } });
    expect(invalid.body.error.details.issues[0].field).toBe("body.config.voice.name");
    const other = await api.tenantWithKey("Other");
    const foreign = await api.call("PUT", `/v1/agents/${agent.id}/draft`, {
      key: other.key,
      body: { config: {} },
    });
    expect(foreign.status).toBe(404);
    expect(
      (await api.call("GET", `/v1/agents/${agent.id}`, { key: tenant.key })).body.draft
        .instructions,
    ).toBe("New");
  });

  test("list filters by published state and name", async () => {
    const a = (await createAgent({ name: "Sales line" })).body;
    await createAgent({ name: "Support line" });
    await api.call("POST", `/v1/agents/${a.id}/publish`, { key: tenant.key });
    const published = await api.call("GET", "/v1/agents?published=true", { key: tenant.key });
    expect(published.body.data.map((x: { name: string }) => x.name)).toEqual(["Sales line"]);
    const byName = await api.call("GET", "/v1/agents?name=support", { key: tenant.key });
    expect(byName.body.data.map((x: { name: string }) => x.name)).toEqual(["Support line"]);
  });

  test("another tenant's agent answers 404 on every route", async () => {
    const agent = (await createAgent()).body;
    await api.call("POST", `/v1/agents/${agent.id}/publish`, { key: tenant.key });
    const other = await api.tenantWithKey("Other");
    const routes: Array<[string, string, unknown?]> = [
      ["GET", `/v1/agents/${agent.id}`],
      ["PATCH", `/v1/agents/${agent.id}`, { name: "stolen" }],
      ["DELETE", `/v1/agents/${agent.id}`],
      ["POST", `/v1/agents/${agent.id}/publish`, {}],
      ["GET", `/v1/agents/${agent.id}/versions`],
      ["GET", `/v1/agents/${agent.id}/versions/1`],
      ["POST", `/v1/agents/${agent.id}/versions/1/rollback`],
    ];
    for (const [method, path, body] of routes) {
      const res = await api.call(method, path, { key: other.key, body });
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    expect((await api.call("GET", "/v1/agents", { key: other.key })).body.data).toEqual([]);
    expect((await createAgent({ tenantId: tenant.tenantId }, other.key)).status).toBe(404);
    expect((await api.call("GET", `/v1/agents/${agent.id}`, { key: tenant.key })).body.name).toBe(
      "Front desk",
    );
  });

  test("deleting an agent hides it", async () => {
    const agent = (await createAgent()).body;
    expect((await api.call("DELETE", `/v1/agents/${agent.id}`, { key: tenant.key })).status).toBe(
      204,
    );
    expect((await api.call("GET", `/v1/agents/${agent.id}`, { key: tenant.key })).status).toBe(404);
  });

  test("invalid agent configs are refused with the field and reason", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ voice: { name: "robot" } }, "body.config.voice.name"],
      [{ voice: { speed: 3 } }, "body.config.voice.speed"],
      [
        { turnDetection: { type: "server_vad", threshold: 2 } },
        "body.config.turnDetection.threshold",
      ],
      [{ turnDetection: { type: "push_to_talk" } }, "body.config.turnDetection.type"],
      [{ language: { primary: "en", accent: "es-MX" } }, "body.config.language"],
      [{ maxCallDurationSeconds: "300" }, "body.config.maxCallDurationSeconds"],
      [
        { tools: [{ type: "http", name: "book", description: "", url: "ftp://x" }] },
        "body.config.tools.0.url",
      ],
      [{ tools: [{ type: "builtin", name: "self_destruct" }] }, "body.config.tools.0.name"],
      [
        { tools: [{ type: "builtin", name: "end_call", target: "x" }] },
        "body.config.tools.0.target",
      ],
      [
        {
          tools: [
            { type: "builtin", name: "end_call" },
            { type: "http", name: "end_call", description: "", url: "https://x.example" },
          ],
        },
        "body.config.tools",
      ],
      [{ workingCue: { sound: "siren" } }, "body.config.workingCue.sound"],
      [{ greting: {} }, "body.config.greting"],
    ];
    for (const [config, field] of cases) {
      const res = await createAgent({ config });
      expect(res.status).toBe(400);
      const fields = res.body.error.details.issues.map((i: { field: string }) => i.field);
      expect(fields).toContain(field);
    }
  });
});
