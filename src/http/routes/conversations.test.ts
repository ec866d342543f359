import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { newId } from "../../domain/ids";

let api: TestApi;
let tenant: { tenantId: string; key: string };
let agentId: string;
beforeEach(async () => {
  api = await startTestApi();
  tenant = await api.tenantWithKey();
  agentId = (await api.call("POST", "/v1/agents", { key: tenant.key, body: { name: "Desk" } })).body
    .id;
});
afterEach(() => api.close());

async function recordCall(
  overrides: Partial<{
    tenantId: string;
    agentId: string;
    channel: "web" | "wati";
    machineId: string;
  }> = {},
) {
  const id = newId("call");
  await api.stores.calls.create({
    id,
    tenantId: overrides.tenantId ?? tenant.tenantId,
    agentId: overrides.agentId ?? agentId,
    agentVersion: 1,
    channel: overrides.channel ?? "web",
    direction: "inbound",
    remoteParty: "••••1111",
    machineId: overrides.machineId ?? "m1",
  });
  return id;
}

describe("conversations", () => {
  test("a call's record and messages read back in order, with its end", async () => {
    const id = await recordCall();
    await api.stores.calls.mark(id, "answered_at");
    await api.stores.calls.appendMessage(id, {
      seq: 1,
      role: "assistant",
      text: "Hello, Acme Dental.",
      itemId: "item_1",
      offsetMs: 310,
    });
    await api.stores.calls.appendMessage(id, {
      seq: 2,
      role: "user",
      text: "I'd like to book.",
      itemId: "item_2",
      offsetMs: 2400,
    });
    await api.stores.calls.markInterrupted(id, "item_1");
    await api.stores.calls.end(id, {
      reason: "caller_hung_up",
      usage: { inputTokens: 10 },
      metrics: { turns: 1 },
    });
    await api.stores.calls.end(id, { reason: "error", usage: {}, metrics: {} }); // the first end stays

    const res = await api.call("GET", `/v1/conversations/${id}`, { key: tenant.key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      status: "ended",
      endReason: "caller_hung_up",
      usage: { inputTokens: 10 },
      metrics: { turns: 1 },
      remoteParty: "••••1111",
    });
    expect(res.body.durationMs).toBeGreaterThanOrEqual(0);
    expect(
      res.body.messages.map((m: { role: string; interrupted: boolean }) => [m.role, m.interrupted]),
    ).toEqual([
      ["assistant", true],
      ["user", false],
    ]);
  });

  test("lists filter by agent, channel, status and time", async () => {
    const second = (
      await api.call("POST", "/v1/agents", { key: tenant.key, body: { name: "Night" } })
    ).body.id;
    const a = await recordCall();
    const b = await recordCall({ agentId: second, channel: "wati" });
    await api.stores.calls.end(a, { reason: "caller_hung_up", usage: {}, metrics: {} });
    const ids = async (query: string) =>
      (await api.call("GET", `/v1/conversations${query}`, { key: tenant.key })).body.data.map(
        (c: { id: string }) => c.id,
      );
    expect(await ids("")).toEqual([b, a]);
    expect(await ids(`?agentId=${second}`)).toEqual([b]);
    expect(await ids("?channel=web")).toEqual([a]);
    expect(await ids("?status=ended")).toEqual([a]);
    expect(await ids(`?from=${new Date(Date.now() + 60_000).toISOString()}`)).toEqual([]);
    expect(await ids(`?to=${new Date(Date.now() + 60_000).toISOString()}&limit=1`)).toEqual([b]);
    const bad = await api.call("GET", "/v1/conversations?from=yesterday", { key: tenant.key });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("query.from");
  });

  test("another tenant's conversations do not exist for it", async () => {
    const id = await recordCall();
    const other = await api.tenantWithKey("Other");
    expect((await api.call("GET", `/v1/conversations/${id}`, { key: other.key })).status).toBe(404);
    expect((await api.call("GET", "/v1/conversations", { key: other.key })).body.data).toEqual([]);
    expect(
      (await api.call("GET", `/v1/conversations?tenantId=${tenant.tenantId}`)).body.data,
    ).toHaveLength(1);
  });

  test("calls a crashed machine left open are closed with the reason on restart, messages kept", async () => {
    const open = await recordCall({ machineId: "m1" });
    const elsewhere = await recordCall({ machineId: "m2" });
    await api.stores.calls.appendMessage(open, {
      seq: 1,
      role: "user",
      text: "Hello?",
      itemId: null,
      offsetMs: 900,
    });
    expect(await api.stores.calls.closeOrphans("m1")).toHaveLength(1);
    const closed = await api.call("GET", `/v1/conversations/${open}`, { key: tenant.key });
    expect(closed.body).toMatchObject({ status: "ended", endReason: "gateway_restarted" });
    expect(closed.body.messages[0].text).toBe("Hello?");
    expect(
      (await api.call("GET", `/v1/conversations/${elsewhere}`, { key: tenant.key })).body.status,
    ).toBe("connecting");
  });
});
