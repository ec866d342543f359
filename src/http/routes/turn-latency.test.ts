import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_KEY, startTestApi, type TestApi } from "../../../test/api-harness";
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

type Line = { role: "user" | "assistant"; startMs: number; endMs: number };

/** A call started at `receivedAt`, its lines stored in the order given (as their text came). */
async function callWith(receivedAt: string, lines: Line[], tenantId = tenant.tenantId) {
  const id = newId("call");
  await api.stores.calls.create({
    id,
    tenantId,
    agentId,
    agentVersion: 1,
    channel: "web",
    direction: "inbound",
    remoteParty: "browser",
    machineId: "m1",
    receivedAt,
  });
  for (const [index, line] of lines.entries()) {
    await api.stores.calls.appendMessage(id, {
      seq: index + 1,
      role: line.role,
      text: line.role === "user" ? "a question" : "an answer",
      itemId: `item_${index}`,
      offsetMs: line.startMs,
      line: { startMs: line.startMs, endMs: line.endMs },
    });
  }
  return id;
}

const greeting: Line = { role: "assistant", startMs: 200, endMs: 2000 };
/** The caller speaks until `saidUntil`; the agent answers `waitMs` later. */
const exchange = (saidUntil: number, waitMs: number): Line[] => [
  { role: "user", startMs: saidUntil - 1500, endMs: saidUntil },
  { role: "assistant", startMs: saidUntil + waitMs, endMs: saidUntil + waitMs + 2000 },
];

const report = (query: string, key = tenant.key) =>
  api.call("GET", `/v1/turn-latency?${query}`, { key });

describe("GET /v1/turn-latency", () => {
  test("each reply's wait counts once, in its hour, with p50 and p95; the greeting is no turn", async () => {
    // The agent's reply is stored before the caller's line it answers (its text came first).
    const [first, second] = exchange(5000, 400);
    await callWith("2026-03-02T09:10:00.000Z", [
      greeting,
      second as Line,
      first as Line,
      ...exchange(12_000, 600),
    ]);
    await callWith("2026-03-02T09:40:00.000Z", [...exchange(4000, 800), ...exchange(9000, 1000)]);
    await callWith("2026-03-02T11:05:00.000Z", [greeting, ...exchange(6000, 2500)]);
    const res = await report("from=2026-03-02T09:00:00Z&to=2026-03-02T12:00:00Z");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tenantId: tenant.tenantId, bucket: "hour", turns: 5 });
    expect(res.body.buckets).toEqual([
      { start: "2026-03-02T09:00:00.000Z", turns: 4, p50Ms: 600, p95Ms: 1000 },
      { start: "2026-03-02T10:00:00.000Z", turns: 0, p50Ms: null, p95Ms: null },
      { start: "2026-03-02T11:00:00.000Z", turns: 1, p50Ms: 2500, p95Ms: 2500 },
    ]);
  });

  test("by day; calls outside the range and another tenant's calls are left out", async () => {
    await callWith("2026-03-01T23:59:00.000Z", exchange(5000, 9000));
    await callWith("2026-03-02T08:00:00.000Z", exchange(5000, 700));
    await callWith("2026-03-03T08:00:00.000Z", exchange(5000, 300));
    const other = await api.tenantWithKey("Other");
    await callWith("2026-03-02T08:00:00.000Z", exchange(5000, 5000), other.tenantId);
    const res = await report("from=2026-03-02T00:00:00Z&to=2026-03-04T00:00:00Z&bucket=day");
    expect(res.body.buckets).toEqual([
      { start: "2026-03-02T00:00:00.000Z", turns: 1, p50Ms: 700, p95Ms: 700 },
      { start: "2026-03-03T00:00:00.000Z", turns: 1, p50Ms: 300, p95Ms: 300 },
    ]);
    const asAdmin = await report(
      `tenantId=${other.tenantId}&from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z&bucket=day`,
      ADMIN_KEY,
    );
    expect(asAdmin.body).toMatchObject({ turns: 1, p50Ms: 5000 });
  });

  test("a tenant key cannot read another tenant's; bad queries name what is wrong", async () => {
    const other = await api.tenantWithKey("Other");
    expect((await report(`tenantId=${other.tenantId}`)).status).toBe(404);
    const cases: Array<[string, string, string]> = [
      ["", ADMIN_KEY, "query.tenantId: required when using the admin key"],
      ["bucket=week", tenant.key, "query.bucket: must be one of"],
      ["from=yesterday", tenant.key, "query.from: must be an ISO 8601 timestamp"],
      ["from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", tenant.key, "at most 31 days"],
      ["from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", tenant.key, "must be before"],
    ];
    for (const [query, key, message] of cases) {
      const res = await report(query, key);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
  });

  test("without a range: the last 24 hours, hour by hour", async () => {
    await callWith(new Date(Date.now() - 3_600_000).toISOString(), exchange(5000, 450));
    const res = await report("");
    expect(res.status).toBe(200);
    expect(res.body.buckets.length).toBeGreaterThanOrEqual(24);
    expect(res.body).toMatchObject({ turns: 1, p50Ms: 450, p95Ms: 450 });
  });
});
