import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { inboundCallFields } from "../../test/call-fields";
import type { NewCall } from "../domain/call";
import { newId } from "../domain/ids";

let api: TestApi;
let base: Omit<NewCall, "id">;
beforeEach(async () => {
  api = await startTestApi();
  base = await inboundCallFields(api);
});
afterEach(() => api.close());

const outbox = async () =>
  (
    await api.stores.db.execute("SELECT type, call_id, body FROM event_outbox ORDER BY seq")
  ).rows.map((row) => ({
    type: String(row.type),
    callId: String(row.call_id),
    ...JSON.parse(String(row.body)),
  }));

describe("events the call store reports", () => {
  test("answering or ending twice reports each once, with the first answer and end kept", async () => {
    const id = newId("call");
    await api.stores.calls.create({ ...base, id });
    await api.stores.calls.mark(id, "answered_at", "2026-01-01T10:00:00.000Z");
    await api.stores.calls.mark(id, "answered_at", "2026-01-01T10:00:05.000Z");
    await api.stores.calls.mark(id, "media_connected_at");
    await api.stores.calls.end(id, {
      reason: "caller_hung_up",
      usage: { inputTextTokens: 1 },
      metrics: {},
    });
    await api.stores.calls.end(id, { reason: "error", usage: { inputTextTokens: 2 }, metrics: {} });
    const events = await outbox();
    expect(events.map((e) => e.type)).toEqual(["call.started", "call.answered", "call.ended"]);
    expect(events[1]?.data.answeredAt).toBe("2026-01-01T10:00:00.000Z");
    expect(events[2]?.data).toMatchObject({
      endReason: "caller_hung_up",
      usage: { inputTextTokens: 1 },
    });
  });

  test("an outbound call is reported as started when it starts waiting for permission", async () => {
    const id = newId("call");
    await api.stores.calls.create({
      ...base,
      id,
      direction: "outbound",
      status: "waiting_permission",
      dialTo: "15551234567",
    });
    const [started] = await outbox();
    expect(started).toMatchObject({ type: "call.started", data: { direction: "outbound" } });
    expect(JSON.stringify(started)).not.toContain("15551234567");
  });

  test("calls closed at start-up after a crash are reported as ended", async () => {
    const live = newId("call");
    const waiting = newId("call");
    await api.stores.calls.create({ ...base, id: live });
    await api.stores.calls.create({ ...base, id: waiting, status: "waiting_permission" });
    expect(await api.stores.calls.closeOrphans("machine-a")).toHaveLength(1);
    expect(await api.stores.calls.closeOrphans("machine-a")).toEqual([]);
    const ended = (await outbox()).filter((e) => e.type === "call.ended");
    expect(ended).toHaveLength(1);
    expect(ended[0]?.data).toMatchObject({ callId: live, endReason: "gateway_restarted" });
  });

  test("a successful tool call reports nothing; a failed one reports tool.failed", async () => {
    const id = newId("call");
    await api.stores.calls.create({ ...base, id });
    const tool = { name: "lookup", arguments: "{}", output: null, durationMs: 10 };
    await api.stores.calls.appendMessage(id, {
      seq: 1,
      role: "tool",
      text: "lookup",
      itemId: null,
      offsetMs: 0,
      tool: { ...tool, status: "ok", output: "fine", error: null },
    });
    await api.stores.calls.appendMessage(id, {
      seq: 2,
      role: "tool",
      text: "lookup",
      itemId: null,
      offsetMs: 0,
      tool: { ...tool, status: "timeout", error: "no answer in 5000 ms" },
    });
    const events = await outbox();
    expect(events.map((e) => e.type)).toEqual(["call.started", "tool.failed"]);
    expect(events[1]?.data).toEqual({
      callId: id,
      tool: "lookup",
      status: "timeout",
      error: "no answer in 5000 ms",
      durationMs: 10,
    });
  });

  test("the change and its event are one write: when the event cannot be kept, neither is the change", async () => {
    const id = newId("call");
    await api.stores.calls.create({ ...base, id });
    await api.stores.db.execute("DROP TABLE event_outbox");
    await expect(
      api.stores.calls.end(id, { reason: "caller_hung_up", usage: {}, metrics: {} }),
    ).rejects.toThrow();
    expect((await api.stores.calls.get(null, id)).status).not.toBe("ended");
    await expect(api.stores.calls.create({ ...base, id: newId("call") })).rejects.toThrow();
    const calls = await api.stores.db.execute("SELECT COUNT(*) AS n FROM calls");
    expect(Number(calls.rows[0]?.n)).toBe(1);
  });
});
