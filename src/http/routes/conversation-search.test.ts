import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_KEY, startTestApi, type TestApi } from "../../../test/api-harness";
import type { CallChannel, CallDirection } from "../../domain/call";
import { newId } from "../../domain/ids";

let api: TestApi;
let tenant: { tenantId: string; key: string };
let other: { tenantId: string; key: string };
let agentA: string;
let agentB: string;
let otherAgent: string;

const newAgent = async (key: string, name: string) =>
  (await api.call("POST", "/v1/agents", { key, body: { name } })).body.id as string;

beforeEach(async () => {
  api = await startTestApi();
  tenant = await api.tenantWithKey("Acme Dental");
  other = await api.tenantWithKey("Other Clinic");
  agentA = await newAgent(tenant.key, "Front desk");
  agentB = await newAgent(tenant.key, "Billing");
  otherAgent = await newAgent(other.key, "Desk");
});
afterEach(() => api.close());

interface CallSpec {
  tenantId?: string;
  agentId?: string;
  channel?: CallChannel;
  direction?: CallDirection;
  receivedAt?: string;
  ended?: boolean;
  outcome?: string;
  lines?: string[];
}

/** A call as the engine records one: the row, its spoken lines, its end. */
async function recordCall(spec: CallSpec = {}): Promise<string> {
  const id = newId("call");
  await api.stores.calls.create({
    id,
    tenantId: spec.tenantId ?? tenant.tenantId,
    agentId: spec.agentId ?? agentA,
    agentVersion: 1,
    channel: spec.channel ?? "web",
    direction: spec.direction ?? "inbound",
    remoteParty: "browser",
    machineId: "m1",
    ...(spec.receivedAt ? { receivedAt: spec.receivedAt } : {}),
  });
  let seq = 0;
  for (const text of spec.lines ?? []) {
    seq++;
    await api.stores.calls.appendMessage(id, {
      seq,
      role: seq % 2 === 1 ? "assistant" : "user",
      text,
      itemId: `item_${seq}`,
      offsetMs: seq * 1000,
    });
  }
  if (spec.ended ?? true)
    await api.stores.calls.end(id, { reason: "caller_hung_up", usage: {}, metrics: {} });
  // The analysis writes the outcome on the call.
  if (spec.outcome)
    await api.stores.db.execute({
      sql: "UPDATE calls SET outcome = ? WHERE id = ?",
      args: [spec.outcome, id],
    });
  return id;
}

async function search(query: string, key = tenant.key) {
  return api.call("GET", `/v1/conversations?${query}`, { key });
}
const ids = (res: { body: { data: Array<{ id: string }> } }) => res.body.data.map((c) => c.id);

describe("conversation filters", () => {
  test("each filter narrows to the calls it names, and they combine", async () => {
    const plain = await recordCall();
    const byB = await recordCall({ agentId: agentB });
    const wati = await recordCall({ channel: "wati" });
    const outbound = await recordCall({ direction: "outbound", channel: "wati" });
    const live = await recordCall({ ended: false });
    const booked = await recordCall({ outcome: "appointment_booked" });
    const old = await recordCall({ receivedAt: "2025-03-01T10:00:00.000Z" });
    await recordCall({ tenantId: other.tenantId, agentId: otherAgent, outcome: "booked" });

    // Newest record first (the order calls were recorded in, not their receivedAt).
    const all = [old, booked, live, outbound, wati, byB, plain];
    expect(ids(await search(""))).toEqual(all);
    expect(ids(await search(`agentId=${agentB}`))).toEqual([byB]);
    expect(ids(await search("channel=wati"))).toEqual([outbound, wati]);
    expect(ids(await search("direction=outbound"))).toEqual([outbound]);
    expect(ids(await search("direction=inbound"))).toEqual(all.filter((id) => id !== outbound));
    expect(ids(await search("status=active"))).toEqual([]);
    expect(ids(await search("status=connecting"))).toEqual([live]);
    expect(ids(await search("outcome=appointment_booked"))).toEqual([booked]);
    // Each conversation says the outcome its analysis chose, so a list can show it.
    const outcomes = (await search("")).body.data.map((c: { outcome: string | null }) => c.outcome);
    expect(outcomes).toEqual(all.map((id) => (id === booked ? "appointment_booked" : null)));
    expect(ids(await search("outcome=booked"))).toEqual([]); // the other tenant's
    expect(ids(await search("to=2025-06-01T00:00:00Z"))).toEqual([old]);
    expect(ids(await search("from=2025-02-28T00:00:00Z&to=2025-03-01T10:00:00Z"))).toEqual([]);
    expect(ids(await search("from=2025-03-01T11:00:00%2B01:00&to=2025-03-02T00:00:00Z"))).toEqual([
      old,
    ]);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    expect(ids(await search(`from=${yesterday}&channel=wati&direction=inbound`))).toEqual([wati]);
    expect(ids(await search(`agentId=${agentB}&channel=wati`))).toEqual([]);
    expect(ids(await search("outcome=appointment_booked%00"))).toEqual([]);

    // The operator sees every tenant, or the one it names.
    expect(ids(await search("outcome=booked", ADMIN_KEY))).toHaveLength(1);
    expect(ids(await search(`tenantId=${tenant.tenantId}&outcome=booked`, ADMIN_KEY))).toEqual([]);
  });

  test("a bad filter is a 400 naming it", async () => {
    for (const [query, field] of [
      ["direction=sideways", "direction"],
      ["status=done", "status"],
      ["from=yesterday", "from"],
      [`outcome=${"x".repeat(101)}`, "outcome"],
      [`q=${"word ".repeat(41)}`, "q"],
      [`q=${"word ".repeat(13)}`, "q"],
      ["phone=not-a-number", "phone"],
      ["cursor=bm9wZQ", "cursor"],
      ["phone=%2B9198%0000002", "phone"],
    ] as const) {
      const res = await search(query);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.error.message).toContain(field);
    }
  });
});

describe("full-text search over transcripts", () => {
  test("finds a word spoken in a call, in any case and without accents, and nothing of another tenant's", async () => {
    const reschedule = await recordCall({
      lines: ["Hello, Acme Dental.", "I need to RESCHEDULE my cleaning at the Café Street clinic."],
    });
    const billing = await recordCall({ lines: ["Billing here.", "My invoice looks wrong."] });
    await recordCall({
      tenantId: other.tenantId,
      agentId: otherAgent,
      lines: ["Hi.", "I want to reschedule my cleaning."],
    });

    expect(ids(await search("q=reschedule"))).toEqual([reschedule]);
    expect(ids(await search("q=Cafe"))).toEqual([reschedule]);
    expect(ids(await search("q=invoice"))).toEqual([billing]);
    expect(ids(await search("q=reschedule%20cleaning"))).toEqual([reschedule]);
    // All words must be there.
    expect(ids(await search("q=reschedule%20invoice"))).toEqual([]);
    // Whole words: a part of one does not match.
    expect(ids(await search("q=resched"))).toEqual([]);
    // Combined with another filter.
    expect(ids(await search(`q=reschedule&agentId=${agentB}`))).toEqual([]);
    // The other tenant finds only its own call.
    const theirs = await search("q=reschedule", other.key);
    expect(theirs.body.data).toHaveLength(1);
    expect(theirs.body.data[0].tenantId).toBe(other.tenantId);
  });

  test("tool records are not searchable text", async () => {
    const id = await recordCall({ lines: ["Let me check."] });
    await api.stores.calls.appendMessage(id, {
      seq: 9,
      role: "tool",
      text: "lookup_patient",
      itemId: null,
      offsetMs: 5000,
      tool: {
        name: "lookup_patient",
        arguments: '{"surname":"Zanzibarova"}',
        status: "ok",
        output: "found",
        error: null,
        durationMs: 12,
      },
    });
    expect(ids(await search("q=Zanzibarova"))).toEqual([]);
    expect(ids(await search("q=lookup_patient"))).toEqual([]);
    expect(ids(await search("q=check"))).toEqual([id]);
  });

  test("query syntax in q is searched for as text: it neither errors nor widens the search", async () => {
    const mine = await recordCall({ lines: ["Welcome.", "I want to reschedule my appointment."] });
    await recordCall({
      tenantId: other.tenantId,
      agentId: otherAgent,
      lines: ["Welcome.", "Please cancel everything."],
    });
    // Each of these would match `mine` if FTS obeyed its syntax; taken literally none does.
    const literal = [
      "resched*",
      "reschedule OR zebra",
      "reschedule NOT zebra",
      "NEAR(reschedule appointment)",
      "text:reschedule",
      "{text}: reschedule",
      "reschedule + zebra",
      "^reschedule zebra",
      "reschedule AND zebra",
      "cancel OR reschedule zebra",
      "'); DROP TABLE calls; --",
      'reschedule" OR "zebra',
      "zebra\u0000reschedule",
      "reschedule\u0000 zebra",
      "ｒｅｓｃｈｅｄｕｌｅ＊ zebra",
    ];
    for (const q of literal) {
      const res = await search(`q=${encodeURIComponent(q)}`);
      expect([q, res.status, res.body.data ?? res.body]).toEqual([q, 200, []]);
    }
    // Stray quotes or signs around a word still find it, in this tenant only.
    for (const q of ['"reschedule', "reschedule)", "-reschedule", "(reschedule appointment"]) {
      const res = await search(`q=${encodeURIComponent(q)}`);
      expect([q, res.status, ids(res)]).toEqual([q, 200, [mine]]);
    }
    // Nothing that could be a word: a clear 400, not a database error.
    for (const q of ['"', '""', "*", "(", "-", "NEAR(", " ", ":", "\u0000"]) {
      const res = await search(`q=${encodeURIComponent(q)}`);
      const shown = [q, res.status, res.body.error?.code];
      if (q === "NEAR(") expect(shown).toEqual([q, 200, undefined]);
      else expect(shown).toEqual([q, 400, "invalid"]);
    }
    expect(ids(await search("q=reschedule"))).toEqual([mine]);
  });
});

describe("cursor pagination", () => {
  test("walks every page once, newest first, with and without a search", async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++)
      made.push(await recordCall({ lines: ["Hello.", i % 2 === 0 ? "Even call." : "Odd call."] }));
    await recordCall({ tenantId: other.tenantId, agentId: otherAgent, lines: ["Even."] });

    async function walk(query: string): Promise<string[][]> {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const res = await search(`${query}&limit=3${cursor ? `&cursor=${cursor}` : ""}`);
        expect(res.status).toBe(200);
        pages.push(ids(res));
        cursor = res.body.nextCursor;
      } while (cursor);
      return pages;
    }

    const newestFirst = [...made].reverse();
    const pages = await walk("");
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(newestFirst);

    const even = await walk("q=even");
    expect(even.map((p) => p.length)).toEqual([3, 1]);
    expect(even.flat()).toEqual(newestFirst.filter((id) => made.indexOf(id) % 2 === 0));
    expect(new Set(even.flat()).size).toBe(4);
  });
});
