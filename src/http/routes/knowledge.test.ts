import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { snapshotDb, startTestApi, type TestApi } from "../../../test/api-harness";
import { countRows, knowledgeClient } from "../../../test/knowledge-api";

let api: TestApi;
let tenant: { tenantId: string; key: string };
let kb: ReturnType<typeof knowledgeClient>;
beforeEach(async () => {
  api = await startTestApi();
  tenant = await api.tenantWithKey();
  kb = knowledgeClient(api, tenant.key);
});
afterEach(() => api.close());

const HOURS = {
  title: "Opening hours",
  format: "markdown",
  text: "# Hours\n\nWe are open Monday to Friday from 8 to 18.\n\n## Weekend\n\nOn Saturday we open from 9 to 13. Sunday is closed.",
};

describe("knowledge collections", () => {
  test("a tenant creates, reads, lists and deletes its collections", async () => {
    const created = await kb.createCollection({ name: "Front desk", language: "es" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      tenantId: tenant.tenantId,
      name: "Front desk",
      language: "es",
      embedding: { model: "local-hash-v1", dimensions: 512 },
      documentCount: 0,
      chunkCount: 0,
    });
    const id = created.body.id;
    expect(
      (await api.call("GET", `/v1/knowledge/collections/${id}`, { key: tenant.key })).body,
    ).toEqual(created.body);
    const list = await api.call("GET", "/v1/knowledge/collections", { key: tenant.key });
    expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([id]);
    const gone = await api.call("DELETE", `/v1/knowledge/collections/${id}`, { key: tenant.key });
    expect(gone.status).toBe(204);
    expect(
      (await api.call("GET", `/v1/knowledge/collections/${id}`, { key: tenant.key })).status,
    ).toBe(404);
  });

  test("the admin names the tenant; without one it is a 400", async () => {
    const missing = await api.call("POST", "/v1/knowledge/collections", { body: { name: "X" } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain("body.tenantId");
    const made = await api.call("POST", "/v1/knowledge/collections", {
      body: { name: "X", tenantId: tenant.tenantId },
    });
    expect(made.status).toBe(201);
    expect(made.body.tenantId).toBe(tenant.tenantId);
  });

  test("bad input is a 400 naming the field, and changes nothing", async () => {
    await api.call("GET", "/v1/knowledge/collections", { key: tenant.key }); // the key's first use
    const before = await snapshotDb(api.stores);
    const cases = [
      await kb.createCollection({ name: "" }),
      await kb.createCollection({ name: "X", language: "xx" }),
      await kb.createCollection({ name: "X", colour: "red" }),
      await api.call("GET", "/v1/knowledge/collections/not-an-id", { key: tenant.key }),
    ];
    expect(cases.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(cases.map((r) => r.body.error.message)).toEqual([
      expect.stringContaining("body.name"),
      expect.stringContaining("body.language"),
      expect.stringContaining("body.colour"),
      expect.stringContaining("path.collectionId"),
    ]);
    expect(await snapshotDb(api.stores)).toBe(before);
  });

  test("another tenant's collection is a 404 on every route, and stays as it was", async () => {
    const id = (await kb.createCollection()).body.id;
    const doc = (await kb.addText(id, HOURS)).body.id;
    await kb.settled();
    const other = await api.tenantWithKey("Other clinic");
    const theirs = knowledgeClient(api, other.key);
    const path = `/v1/knowledge/collections/${id}`;
    const replies = [
      await api.call("GET", path, { key: other.key }),
      await theirs.documents(id),
      await theirs.document(id, doc),
      await theirs.search(id, "saturday"),
      await theirs.addText(id, HOURS),
      await theirs.upload(id, { name: "a.txt", bytes: "Some text" }),
      await api.call("DELETE", `${path}/documents/${doc}`, { key: other.key }),
      await api.call("DELETE", path, { key: other.key }),
      await api.call("POST", "/v1/knowledge/collections", {
        key: other.key,
        body: { name: "X", tenantId: tenant.tenantId },
      }),
    ];
    expect(replies.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404, 404, 404]);
    const list = await api.call("GET", "/v1/knowledge/collections", { key: other.key });
    expect(list.body.data).toEqual([]);
    expect((await kb.document(id, doc)).body.status).toBe("ready");
    expect((await kb.search(id, "saturday")).body.data.length).toBeGreaterThan(0);
  });

  test("the port searches only the asking tenant's collections", async () => {
    const mine = (await kb.createCollection()).body.id;
    await kb.addText(mine, HOURS);
    const other = await api.tenantWithKey("Other clinic");
    const theirs = (await knowledgeClient(api, other.key).createCollection()).body.id;
    await knowledgeClient(api, other.key).addText(theirs, {
      title: "Their hours",
      text: "On Saturday we open at noon.",
    });
    await kb.settled();
    const search = (collectionIds: string[]) =>
      api.knowledge.search.search({
        tenantId: tenant.tenantId,
        collectionIds,
        query: "saturday",
        limit: 5,
      });
    const all = await search([]);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((p) => p.collectionId === mine)).toBe(true);
    expect(await search([theirs])).toEqual([]);
    expect(all[0]?.title).toBe("Opening hours › Hours › Weekend");
  });
});

describe("knowledge search", () => {
  test("passages come back best first with scores, under their headings", async () => {
    const id = (await kb.createCollection()).body.id;
    await kb.addText(id, HOURS);
    await kb.addText(id, { title: "Parking", text: "Patients park for free behind the building." });
    await kb.settled();
    const found = await kb.search(id, "Are you open on Saturday?", "&k=2");
    expect(found.status).toBe(200);
    expect(found.body.method).toBe("hybrid");
    expect(found.body.data).toHaveLength(2);
    expect(found.body.data[0]).toMatchObject({
      collectionId: id,
      documentTitle: "Opening hours",
      heading: "Hours › Weekend",
      text: "On Saturday we open from 9 to 13. Sunday is closed.",
    });
    expect(found.body.data[0].score).toBeGreaterThan(found.body.data[1].score);
    for (const method of ["fulltext", "vector"]) {
      const one = await kb.search(id, "parking behind the building", `&method=${method}`);
      expect([method, one.body.data[0]?.documentTitle]).toEqual([method, "Parking"]);
    }
    const collection = await api.call("GET", `/v1/knowledge/collections/${id}`, {
      key: tenant.key,
    });
    expect(collection.body).toMatchObject({ documentCount: 2, chunkCount: 3 });
  });

  test("a query without words finds nothing; a bad query is a 400", async () => {
    const id = (await kb.createCollection()).body.id;
    await kb.addText(id, HOURS);
    await kb.settled();
    expect((await kb.search(id, "?!")).body.data).toEqual([]);
    const bad = [
      await api.call("GET", `/v1/knowledge/collections/${id}/search`, { key: tenant.key }),
      await kb.search(id, "hours", "&k=0"),
      await kb.search(id, "hours", "&k=51"),
      await kb.search(id, "hours", "&method=magic"),
      await kb.search(id, "x".repeat(1001)),
    ];
    expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    expect(bad[0]?.body.error.message).toContain("query.q");
  });

  test("deleting a document takes it out of searches at once and its passages after", async () => {
    const id = (await kb.createCollection()).body.id;
    const doc = (await kb.addText(id, HOURS)).body.id;
    await kb.settled();
    expect(await countRows(api, "knowledge_chunks")).toBe(2);
    const path = `/v1/knowledge/collections/${id}/documents/${doc}`;
    expect((await api.call("DELETE", path, { key: tenant.key })).status).toBe(204);
    expect((await kb.search(id, "saturday")).body.data).toEqual([]);
    expect((await kb.document(id, doc)).status).toBe(404);
    await kb.settled();
    expect(await countRows(api, "knowledge_chunks")).toBe(0);
    expect(await countRows(api, "knowledge_vectors_512")).toBe(0);
    expect(await countRows(api, "knowledge_documents")).toBe(0);
    expect((await api.call("DELETE", path, { key: tenant.key })).status).toBe(404);
  });

  test("deleting a collection removes its documents and passages", async () => {
    const id = (await kb.createCollection()).body.id;
    await kb.addText(id, HOURS);
    await kb.addText(id, { title: "Parking", text: "Free parking behind the building." });
    await kb.settled();
    expect(
      (await api.call("DELETE", `/v1/knowledge/collections/${id}`, { key: tenant.key })).status,
    ).toBe(204);
    expect(
      await api.knowledge.search.search({
        tenantId: tenant.tenantId,
        collectionIds: [],
        query: "parking",
        limit: 3,
      }),
    ).toEqual([]);
    await kb.settled();
    for (const table of [
      "knowledge_collections",
      "knowledge_documents",
      "knowledge_chunks",
      "knowledge_vectors_512",
    ]) {
      expect([table, await countRows(api, table)]).toEqual([table, 0]);
    }
  });
});
