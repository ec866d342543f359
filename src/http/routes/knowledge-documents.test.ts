import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { snapshotDb, startTestApi, type TestApi } from "../../../test/api-harness";
import { countRows, knowledgeClient } from "../../../test/knowledge-api";
import { minimalPdf } from "../../../test/minimal-pdf";

const opened: TestApi[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const api of opened.splice(0)) await api.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function setUp(options: Parameters<typeof startTestApi>[0] = {}) {
  const api = await startTestApi(options);
  opened.push(api);
  const tenant = await api.tenantWithKey();
  const kb = knowledgeClient(api, tenant.key);
  const collectionId: string = (await kb.createCollection()).body.id;
  return { api, tenant, kb, collectionId };
}

const HTML = `<!doctype html><html><head><title>Parking &amp; access</title>
<script>var hidden = "scriptword";</script></head><body><h1>Getting here</h1>
<p>Free <b>parking</b> behind the building; the&nbsp;lift goes to the first floor.</p></body></html>`;

describe("document uploads", () => {
  test("text, Markdown, HTML and PDF, as JSON or files, are read and found", async () => {
    const { kb, collectionId } = await setUp();
    const uploads = [
      await kb.addText(collectionId, { title: "Plain", text: "Whitening costs 350 euros." }),
      await kb.addText(collectionId, {
        title: "Marked",
        format: "markdown",
        text: "# Braces\n\nClear aligners for adults.",
      }),
      await kb.addText(collectionId, {
        title: "Web",
        format: "html",
        text: "<p>Gift <i>vouchers</i></p>",
      }),
      await kb.upload(collectionId, {
        name: "hours.txt",
        bytes: "Emergencies\n\nCall at eight for toothache.",
      }),
      await kb.upload(collectionId, {
        name: "menu.md",
        bytes: "## Desserts\n\nTiramisu and panna cotta.",
      }),
      await kb.upload(collectionId, { name: "page.html", type: "text/html", bytes: HTML }),
      await kb.upload(collectionId, {
        name: "leaflet.pdf",
        bytes: minimalPdf([["Insurance"], ["We send the bill to your insurer directly."]]),
      }),
    ];
    expect(uploads.map((u) => [u.status, u.body.status])).toEqual(
      Array.from({ length: 7 }, () => [202, "pending"]),
    );
    expect(uploads.map((u) => [u.body.title, u.body.format])).toEqual([
      ["Plain", "text"],
      ["Marked", "markdown"],
      ["Web", "html"],
      ["hours", "text"],
      ["menu", "markdown"],
      ["Parking & access", "html"],
      ["leaflet", "pdf"],
    ]);
    await kb.settled();
    const listed = await kb.documents(collectionId, "?status=ready");
    expect(listed.body.data).toHaveLength(7);
    const firstHit = async (q: string) => (await kb.search(collectionId, q, "&k=1")).body.data[0];
    expect(await firstHit("whitening price")).toMatchObject({ documentTitle: "Plain" });
    expect(await firstHit("aligners")).toMatchObject({
      documentTitle: "Marked",
      heading: "Braces",
    });
    expect(await firstHit("vouchers")).toMatchObject({ text: "Gift vouchers" });
    expect(await firstHit("toothache")).toMatchObject({ heading: "Emergencies" });
    expect(await firstHit("tiramisu")).toMatchObject({ heading: "Desserts" });
    expect(await firstHit("lift")).toMatchObject({
      heading: "Getting here",
      text: "Free parking behind the building; the lift goes to the first floor.",
    });
    expect(await firstHit("insurer")).toMatchObject({ documentTitle: "leaflet" });
    expect((await kb.search(collectionId, "scriptword", "&method=fulltext")).body.data).toEqual([]);
  });

  test("a document that cannot be read fails with the reason, and nothing of it is searchable", async () => {
    const { kb, collectionId } = await setUp();
    const broken = await kb.upload(collectionId, {
      name: "broken.pdf",
      bytes: "%PDF-1.4 not really",
    });
    const scanned = await kb.upload(collectionId, { name: "scan.pdf", bytes: minimalPdf([[]]) });
    await kb.settled();
    expect((await kb.document(collectionId, broken.body.id)).body).toMatchObject({
      status: "failed",
      error: expect.stringContaining("the PDF could not be read"),
      chunkCount: 0,
    });
    expect((await kb.document(collectionId, scanned.body.id)).body).toMatchObject({
      status: "failed",
      error: expect.stringContaining("the PDF has no text"),
    });
    expect((await kb.documents(collectionId, "?status=failed")).body.data).toHaveLength(2);
  });

  test("files of other types, or not what they claim, are a 415; a missing file a 400", async () => {
    const { api, tenant, kb, collectionId } = await setUp();
    await kb.documents(collectionId);
    const before = await snapshotDb(api.stores);
    const refused = [
      await kb.upload(collectionId, {
        name: "contract.docx",
        type: "application/zip",
        bytes: "PK",
      }),
      await kb.upload(collectionId, { name: "fake.pdf", bytes: "just text" }),
      await kb.upload(collectionId, {
        name: "latin.txt",
        bytes: new Uint8Array([0x63, 0x61, 0x66, 0xe9]),
      }),
      await api.call("POST", `/v1/knowledge/collections/${collectionId}/documents`, {
        key: tenant.key,
        rawBody: "plain words",
        headers: { "content-type": "text/plain" },
      }),
      await kb.upload(collectionId, { name: "empty.txt", bytes: "" }),
      await kb.upload(collectionId, { name: "a.txt", bytes: "words" }, { format: "docx" }),
      await kb.addText(collectionId, { text: "no title" }),
      await kb.addText(collectionId, { title: "PDF as text", text: "x", format: "pdf" }),
    ];
    expect(refused.map((r) => r.status)).toEqual([415, 415, 415, 415, 400, 400, 400, 400]);
    expect(refused.map((r) => r.body.error.message)).toEqual([
      expect.stringMatching(/^body.file: '.+' is not one of text \(.txt\), Markdown/),
      "body.file: is not a PDF (no %PDF- header)",
      expect.stringContaining("not UTF-8 text"),
      expect.stringContaining("application/json or multipart/form-data"),
      "body.file: is empty",
      expect.stringContaining("body.format: must be one of"),
      "body.title: is required",
      expect.stringContaining("body.format: must be one of"),
    ]);
    expect(await snapshotDb(api.stores)).toBe(before);
  });

  test("uploads have their own size limit, above the rest of /v1's; multipart only here", async () => {
    const { api, tenant, kb, collectionId } = await setUp({
      maxBodyBytes: 4096,
      knowledgeMaxUploadBytes: 64 * 1024,
    });
    const big = "Opening hours are nine to five. ".repeat(1000); // ~32 KB, over maxBodyBytes
    expect((await kb.upload(collectionId, { name: "big.txt", bytes: big })).status).toBe(202);
    expect((await kb.addText(collectionId, { title: "Big", text: big })).status).toBe(202);
    const tooBig = await kb.upload(collectionId, { name: "huge.txt", bytes: big.repeat(3) });
    expect(tooBig.status).toBe(413);
    const form = new FormData();
    form.append("name", "Desk");
    const elsewhere = await api.app.request("/v1/agents", {
      method: "POST",
      headers: { authorization: `Bearer ${tenant.key}` },
      body: form,
    });
    expect(elsewhere.status).toBe(415);
    const overJsonLimit = await api.call("POST", "/v1/agents", {
      key: tenant.key,
      body: { name: "Desk", description: "x".repeat(5000) },
    });
    expect(overJsonLimit.status).toBe(413);
    await kb.settled();
    expect((await kb.documents(collectionId, "?status=ready")).body.data).toHaveLength(2);
  });
});

describe("ingestion", () => {
  test("a large document is read in batches, between which other work runs", async () => {
    const { kb, collectionId } = await setUp({ knowledgeMaxUploadBytes: 4 * 1_048_576 });
    const sections = Array.from(
      { length: 400 },
      (_, i) =>
        `## Section ${i}\n\n${`Paragraph about topic ${i} with enough words to fill it. `.repeat(12)}`,
    );
    const upload = await kb.addText(collectionId, {
      title: "Handbook",
      format: "markdown",
      text: sections.join("\n\n"),
    });
    let ticks = 0;
    let ticking = true;
    const tick = () => {
      ticks++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    await kb.settled();
    ticking = false;
    const doc = (await kb.document(collectionId, upload.body.id)).body;
    expect(doc.status).toBe("ready");
    expect(doc.chunkCount).toBeGreaterThanOrEqual(400);
    // At least one turn of the event loop per batch of 32 passages.
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(doc.chunkCount / 32));
    expect((await kb.search(collectionId, "topic 399", "&k=1")).body.data[0].heading).toBe(
      "Section 399",
    );
  });

  test("documents waiting or being read when the server stopped are read after a restart", async () => {
    const folder = mkdtempSync(join(tmpdir(), "knowledge-restart-"));
    folders.push(folder);
    const dbUrl = `file:${join(folder, "astra.db")}`;
    const first = await setUp({ dbUrl });
    const interrupted = await first.kb.addText(first.collectionId, {
      title: "Hours",
      format: "markdown",
      text: "# Hours\n\nOpen at nine.\n\n# Parking\n\nFree parking behind.",
    });
    await first.kb.settled();
    // As if the server died while reading it: passages half written, status still processing.
    await first.api.stores.db.execute({
      sql: "UPDATE knowledge_documents SET status = 'processing', source = ? WHERE id = ?",
      args: [
        new TextEncoder().encode("# Hours\n\nOpen at nine.\n\n# Parking\n\nFree parking behind."),
        interrupted.body.id,
      ],
    });
    await first.api.knowledge.ingestion.stop();
    const waiting = await first.kb.addText(first.collectionId, {
      title: "Menu",
      text: "Tiramisu for dessert.",
    });
    expect((await first.kb.document(first.collectionId, waiting.body.id)).body.status).toBe(
      "pending",
    );
    await first.api.close();
    opened.splice(opened.indexOf(first.api), 1);

    const second = await startTestApi({ dbUrl });
    opened.push(second);
    await second.knowledge.ingestion.idle();
    const again = knowledgeClient(second, first.tenant.key);
    const docs = (await again.documents(first.collectionId)).body.data;
    expect(
      docs.map((d: { title: string; status: string; chunkCount: number }) => [
        d.title,
        d.status,
        d.chunkCount,
      ]),
    ).toEqual([
      ["Menu", "ready", 1],
      ["Hours", "ready", 2],
    ]);
    expect(await countRows(second, "knowledge_chunks")).toBe(3);
    expect(
      (await again.search(first.collectionId, "tiramisu", "&k=1")).body.data[0].documentTitle,
    ).toBe("Menu");
  });
});
