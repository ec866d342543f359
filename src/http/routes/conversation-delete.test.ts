import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_KEY, startTestApi, type TestApi } from "../../../test/api-harness";
import { newId } from "../../domain/ids";

let api: TestApi;
let tenant: { tenantId: string; key: string };
let other: { tenantId: string; key: string };
let agentId: string;

beforeEach(async () => {
  api = await startTestApi();
  tenant = await api.tenantWithKey("Acme Dental");
  other = await api.tenantWithKey("Other Clinic");
  agentId = (await api.call("POST", "/v1/agents", { key: tenant.key, body: { name: "Desk" } })).body
    .id;
});
afterEach(() => api.close());

/** A call with two spoken lines and a tool record; ended unless `live`. */
async function recordCall(words: string, live = false): Promise<string> {
  const id = newId("call");
  await api.stores.calls.create({
    id,
    tenantId: tenant.tenantId,
    agentId,
    agentVersion: 1,
    channel: "wati",
    direction: "inbound",
    remoteParty: "••••0002",
    remoteNumber: "+919800000002",
    machineId: "m1",
  });
  await api.stores.calls.mark(id, "answered_at");
  const line = (seq: number, role: "user" | "assistant", text: string) =>
    api.stores.calls.appendMessage(id, { seq, role, text, itemId: `i${seq}`, offsetMs: seq * 900 });
  await line(1, "assistant", "Acme Dental, how can I help?");
  await line(2, "user", words);
  await api.stores.calls.appendMessage(id, {
    seq: 3,
    role: "tool",
    text: "book_slot",
    itemId: null,
    offsetMs: 3000,
    tool: {
      name: "book_slot",
      arguments: '{"name":"Ana"}',
      status: "ok",
      output: "{}",
      error: null,
      durationMs: 5,
    },
  });
  if (!live)
    await api.stores.calls.end(id, {
      reason: "caller_hung_up",
      usage: { inputAudioTokens: 420, outputAudioTokens: 380 },
      metrics: { turns: 1 },
    });
  return id;
}

const get = async (id: string, key = tenant.key) =>
  (await api.call("GET", `/v1/conversations/${id}`, { key })).body;
const searchIds = async (q: string) =>
  (await api.call("GET", `/v1/conversations?q=${q}`, { key: tenant.key })).body.data.map(
    (c: { id: string }) => c.id,
  );
const indexed = async (word: string) =>
  (
    await api.stores.db.execute({
      sql: "SELECT COUNT(*) AS n FROM call_messages_fts WHERE call_messages_fts MATCH ?",
      args: [`"${word}"`],
    })
  ).rows[0]?.n;

describe("DELETE /v1/conversations/{id}", () => {
  test("erases the transcript and its search entries, keeps times, end reason and usage", async () => {
    const doomed = await recordCall("Please move my root canal to Friday");
    const kept = await recordCall("Please move my cleaning to Monday");
    const before = await get(doomed);
    expect(before.messages).toHaveLength(3);
    expect(before.deletedAt).toBeNull();
    expect(await searchIds("canal")).toEqual([doomed]);

    const res = await api.call("DELETE", `/v1/conversations/${doomed}`, { key: tenant.key });
    expect(res.status).toBe(204);

    const after = await get(doomed);
    expect(after.messages).toEqual([]);
    expect(after.deletedAt).not.toBeNull();
    expect(after.transcriptErasedAt).toBe(after.deletedAt);
    expect(after.recordingErasedAt).toBe(after.deletedAt);
    expect(after).toMatchObject({
      id: doomed,
      tenantId: tenant.tenantId,
      agentId,
      channel: "wati",
      direction: "inbound",
      status: "ended",
      endReason: "caller_hung_up",
      receivedAt: before.receivedAt,
      answeredAt: before.answeredAt,
      endedAt: before.endedAt,
      durationMs: before.durationMs,
      usage: { inputAudioTokens: 420, outputAudioTokens: 380 },
      remoteParty: "••••",
    });
    expect(await searchIds("canal")).toEqual([]);
    expect(await indexed("canal")).toBe(0);
    // Nor is it found by the number any more.
    const byPhone = await api.call("GET", "/v1/conversations?phone=%2B919800000002", {
      key: tenant.key,
    });
    expect(byPhone.body.data.map((c: { id: string }) => c.id)).toEqual([kept]);
    const stored = await api.stores.db.execute({
      sql: "SELECT COUNT(*) AS n FROM call_messages WHERE call_id = ?",
      args: [doomed],
    });
    expect(stored.rows[0]?.n).toBe(0);

    // The other conversation is untouched.
    expect((await get(kept)).messages).toHaveLength(3);
    expect(await searchIds("cleaning")).toEqual([kept]);
    expect(await indexed("cleaning")).toBe(1);

    // The index agrees with the messages left (FTS5 checks every entry against its content).
    await api.stores.db.execute(
      "INSERT INTO call_messages_fts(call_messages_fts, rank) VALUES ('integrity-check', 1)",
    );

    // Deleting again changes nothing and still answers 204.
    const again = await api.call("DELETE", `/v1/conversations/${doomed}`, { key: tenant.key });
    expect(again.status).toBe(204);
    const final = await get(doomed);
    expect(final.deletedAt).toBe(after.deletedAt);
    expect(final.events.map((e: { kind: string }) => e.kind)).toEqual(["content_deleted"]);
  });

  test("another tenant gets 404 and a live call is refused with 409; neither changes anything", async () => {
    const id = await recordCall("Can I speak to the dentist");
    const live = await recordCall("I am still talking", true);
    const conversations = async () =>
      JSON.stringify([
        (await api.stores.db.execute("SELECT * FROM calls ORDER BY id")).rows,
        (await api.stores.db.execute("SELECT * FROM call_messages ORDER BY call_id, seq")).rows,
        await indexed("dentist"),
      ]);
    const before = await conversations();

    const foreign = await api.call("DELETE", `/v1/conversations/${id}`, { key: other.key });
    expect(foreign.status).toBe(404);
    const refused = await api.call("DELETE", `/v1/conversations/${live}`, { key: tenant.key });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("not over");
    const unknown = await api.call("DELETE", `/v1/conversations/${newId("call")}`, {
      key: tenant.key,
    });
    expect(unknown.status).toBe(404);
    const bad = await api.call("DELETE", "/v1/conversations/nope", { key: tenant.key });
    expect(bad.status).toBe(400);
    expect(await conversations()).toBe(before);

    // The operator may delete any tenant's.
    expect((await api.call("DELETE", `/v1/conversations/${id}`, { key: ADMIN_KEY })).status).toBe(
      204,
    );
    expect((await get(id)).messages).toEqual([]);
  });
});
