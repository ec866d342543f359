import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { extractText } from "unpdf";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { drawnGlyphIds } from "../../../test/pdf-glyphs";
import { newId } from "../../domain/ids";

let api: TestApi;
let tenant: { tenantId: string; key: string };
let agentId: string;
beforeEach(async () => {
  api = await startTestApi();
  tenant = await api.tenantWithKey();
  agentId = (
    await api.call("POST", "/v1/agents", { key: tenant.key, body: { name: "前台 Front desk" } })
  ).body.id;
});
afterEach(() => api.close());

const CJK_LINES = [
  { role: "assistant", text: "您好，这里是牙科诊所。請問有咩可以幫到你？" },
  { role: "user", text: "佢話佢今日唔得閒，我哋嘅會議取消咗。" },
  { role: "assistant", text: "かしこまりました。カタカナもひらがなも大丈夫です。" },
  { role: "user", text: "안녕하세요, 내일 예약하고 싶습니다." },
  { role: "user", text: "Call me back on +44 7700 900123, thanks — café at 10." },
] as const;

/** A finished call with a greeting cut short, CJK lines, a tool call and a phone number. */
async function recordedCall(tenantId = tenant.tenantId): Promise<string> {
  const id = newId("call");
  const calls = api.stores.calls;
  await calls.create({
    id,
    tenantId,
    agentId,
    agentVersion: 1,
    channel: "whatsapp_cloud",
    direction: "inbound",
    remoteParty: "••••0123",
    machineId: "m1",
  });
  await calls.mark(id, "answered_at");
  let seq = 0;
  for (const [index, line] of CJK_LINES.entries()) {
    await calls.appendMessage(id, {
      seq: ++seq,
      role: line.role,
      text: line.text,
      itemId: `item_${seq}`,
      offsetMs: 1500 + index * 4200,
    });
  }
  await calls.markInterrupted(id, "item_1");
  await calls.appendMessage(id, {
    seq: ++seq,
    role: "tool",
    text: "book_slot",
    itemId: null,
    offsetMs: 26_000,
    tool: {
      name: "book_slot",
      arguments: '{"phone":"+447700900123"}',
      status: "error",
      output: null,
      error: "calendar unavailable",
      durationMs: 340,
    },
  });
  await calls.end(id, { reason: "caller_hung_up", usage: {}, metrics: {} });
  return id;
}

describe("transcript exports", () => {
  test("json has the header and every line, marks and tool call included, no phone number", async () => {
    const id = await recordedCall();
    const res = await api.call("GET", `/v1/conversations/${id}/transcript?format=json`, {
      key: tenant.key,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      callId: id,
      agent: { id: agentId, name: "前台 Front desk", version: 1 },
      channel: "whatsapp_cloud",
      direction: "inbound",
      remoteParty: "••••0123",
      endReason: "caller_hung_up",
    });
    const lines = res.body.lines;
    expect(lines.map((l: { speaker: string }) => l.speaker)).toEqual([
      "agent",
      "caller",
      "agent",
      "caller",
      "caller",
      "tool",
    ]);
    expect(lines[0]).toMatchObject({ interrupted: true, offsetMs: 1500, confidence: null });
    expect(lines[1].text).toBe(CJK_LINES[1].text);
    expect(lines[4].text).toBe("Call me back on [phone], thanks — café at 10.");
    expect(lines[5].tool).toEqual({
      name: "book_slot",
      status: "error",
      durationMs: 340,
      error: "calendar unavailable",
    });
    expect(JSON.stringify(res.body)).not.toMatch(/7700|900123/);
    // Without a format, json is what comes.
    const plain = await api.call("GET", `/v1/conversations/${id}/transcript`, { key: tenant.key });
    expect(plain.body.lines).toHaveLength(6);
  });

  test("txt reads as a transcript: time, speaker, text and marks", async () => {
    const id = await recordedCall();
    const res = await api.call("GET", `/v1/conversations/${id}/transcript?format=txt`, {
      key: tenant.key,
      stream: true,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="transcript-${id}.txt"`,
    );
    const text = await (res.raw as Response).text();
    expect(text).toContain(`Conversation: ${id}`);
    expect(text).toContain("Agent: 前台 Front desk (version 1)");
    expect(text).toContain("Channel: whatsapp_cloud, inbound");
    expect(text).toContain("Remote party: ••••0123");
    expect(text).toContain(
      "[0:01.5] Agent: 您好，这里是牙科诊所。請問有咩可以幫到你？ [interrupted]",
    );
    expect(text).toContain("[0:05.7] Caller: 佢話佢今日唔得閒，我哋嘅會議取消咗。");
    expect(text).toContain("[0:26.0] Tool: book_slot (error, 340 ms): calendar unavailable");
    expect(text).toContain("[0:18.3] Caller: Call me back on [phone], thanks — café at 10.");
    expect(text).not.toMatch(/7700|900123/);
  });

  test("pdf is an attachment whose text, CJK included, extracts back with no missing glyph", async () => {
    const id = await recordedCall();
    const res = await api.call("GET", `/v1/conversations/${id}/transcript?format=pdf`, {
      key: tenant.key,
      stream: true,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="transcript-${id}.pdf"`,
    );
    const pdf = new Uint8Array(await (res.raw as Response).arrayBuffer());
    // Subset fonts: a few glyphs, not the fonts' megabytes.
    expect(pdf.length).toBeLessThan(150_000);
    const { text, totalPages } = await extractText(pdf.slice(), { mergePages: true });
    expect(totalPages).toBe(1);
    for (const line of CJK_LINES.slice(0, 4)) expect(text).toContain(line.text);
    expect(text).toContain("Call me back on [phone], thanks — café at 10.");
    expect(text).toContain("前台 Front desk (version 1)");
    expect(text).toContain("••••0123");
    expect(text).toContain("[interrupted]");
    expect(text).toContain("book_slot (error, 340 ms): calendar unavailable");
    expect(text).not.toMatch(/7700|900123/);
    const glyphs = await drawnGlyphIds(pdf);
    expect(glyphs.length).toBeGreaterThan(200);
    expect(glyphs.filter((glyph) => glyph === 0)).toEqual([]);
  }, 30_000);

  test("another tenant's conversation is not found in any format", async () => {
    const id = await recordedCall();
    const other = await api.tenantWithKey("Other");
    for (const format of ["json", "txt", "pdf"]) {
      const res = await api.call("GET", `/v1/conversations/${id}/transcript?format=${format}`, {
        key: other.key,
      });
      expect(res.status).toBe(404);
    }
    const admin = await api.call("GET", `/v1/conversations/${id}/transcript?format=txt`, {
      stream: true,
    });
    expect(admin.status).toBe(200);
  });

  test("an unknown format is refused, naming the parameter and the formats", async () => {
    const id = await recordedCall();
    const res = await api.call("GET", `/v1/conversations/${id}/transcript?format=docx`, {
      key: tenant.key,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("query.format");
    expect(res.body.error.message).toContain("json, txt, pdf");
  });

  test("the API description documents the three formats", async () => {
    const doc = (await api.call("GET", "/openapi.json")).body;
    const operation = doc.paths["/v1/conversations/{callId}/transcript"].get;
    expect(Object.keys(operation.responses[200].content)).toEqual([
      "application/json",
      "text/plain",
      "application/pdf",
    ]);
    expect(operation.responses[200].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/Transcript",
    });
  });
});
