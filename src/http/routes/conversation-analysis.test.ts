import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { snapshotDb, startTestApi, type TestApi } from "../../../test/api-harness";
import { dialBrowser, publishedAgent } from "../../../test/browser-calls";
import { callerRecording } from "../../../test/caller-audio";
import type { CallerPeer } from "../../../test/caller-peer";
import { until } from "../../../test/eventually";
import { FakeChatModel } from "../../../test/fake-chat-model";
import { conformanceProblem } from "../../analysis/schema-conformance";
import { strictFieldsSchema } from "../../domain/analysis-fields";
import { newId } from "../../domain/ids";
import { type ModelSimulator, startModelSimulator } from "../../models/simulator/server";

const CALLER_SAYS =
  "Hi, I would like a table for 4 people on Friday, booked please. Thanks, great!";
const FIELDS = {
  type: "object",
  properties: {
    party_size: { type: "integer", description: "How many people" },
    day: { type: "string", enum: ["monday", "friday", "sunday"] },
    booked: { type: "boolean", description: "Whether a table was booked" },
    notes: { type: "array", items: { type: "string" } },
    contact: {
      type: "object",
      properties: { name: { type: "string" }, callback: { type: "boolean" } },
      required: ["name"],
    },
  },
  required: ["party_size", "day"],
};
const ANALYSIS = {
  outcomes: ["table_booked", "no_table", "question_answered"],
  instructions: "table_booked: a booking was confirmed.",
  fields: FIELDS,
};

let sim: ModelSimulator;
let chat: FakeChatModel;
let api: TestApi;
const callers: CallerPeer[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({
    pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 },
    script: { transcript: () => CALLER_SAYS },
  });
  chat = new FakeChatModel("test");
});
afterAll(async () => {
  chat.stop();
  await sim.stop();
});
afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api.close();
});

async function agentWith(key: string, analysis: unknown = ANALYSIS) {
  return publishedAgent(api, key, { analysis }, "Bistro");
}

/** A real browser call through the simulator in which the caller speaks once, then hung up. */
async function callWithCallerWords(key: string, agentId: string): Promise<string> {
  const { caller, callId } = await dialBrowser(api, key, agentId, callers);
  caller.play(callerRecording("en-hours.wav"));
  await until("the caller's words on record", async () => {
    const messages = await api.stores.calls.messages(callId);
    return messages.some((m) => m.role === "user");
  });
  await api.call("DELETE", `/v1/calls/${callId}`, { key });
  return callId;
}

async function outboxOf(callId: string) {
  const rows = await api.stores.db.execute({
    sql: "SELECT type, body FROM event_outbox WHERE call_id = ? ORDER BY seq",
    args: [callId],
  });
  return rows.rows
    .filter((r) => r.type === "call.analysis.ready")
    .map((r) => JSON.parse(String(r.body)));
}

async function analysisRows(callId: string) {
  const rows = await api.stores.db.execute({
    sql: "SELECT COUNT(*) AS n FROM call_analyses WHERE call_id = ?",
    args: [callId],
  });
  return Number(rows.rows[0]?.n);
}

describe("post-call analysis", () => {
  test("a call ends with an analysis that follows the agent's schema, sent as call.analysis.ready", async () => {
    api = await startTestApi({ modelBaseUrl: sim.url });
    const { key } = await api.tenantWithKey();
    const agentId = await agentWith(key);
    const callId = await callWithCallerWords(key, agentId);
    await until("the analysis", async () => (await api.stores.callAnalyses.get(callId)) !== null);

    const conversation = await api.call("GET", `/v1/conversations/${callId}`, { key });
    const analysis = conversation.body.analysis;
    expect(analysis).toMatchObject({
      callId,
      outcome: "table_booked",
      sentiment: "positive",
      model: "gpt-4.1-mini",
    });
    expect(analysis.summary).toContain(CALLER_SAYS);
    expect(analysis.fields).toMatchObject({ party_size: 4, day: "friday", booked: true });
    expect(conformanceProblem(strictFieldsSchema(FIELDS), analysis.fields)).toBeNull();
    expect((await api.call("GET", `/v1/conversations/${callId}/analysis`, { key })).body).toEqual(
      analysis,
    );
    const outcome = await api.stores.db.execute({
      sql: "SELECT outcome FROM calls WHERE id = ?",
      args: [callId],
    });
    expect(outcome.rows[0]?.outcome).toBe("table_booked");

    const [event, ...more] = await outboxOf(callId);
    expect(more).toHaveLength(0);
    expect(event).toMatchObject({ type: "call.analysis.ready" });
    const { model: _, createdAt: __, ...reported } = analysis;
    expect(event.data).toEqual(reported);

    // Run again: the analysis is replaced, never doubled; the new one is reported again.
    const again = await api.call("POST", `/v1/conversations/${callId}/analysis`, { key });
    expect(again.status).toBe(200);
    expect(again.body.fields).toEqual(analysis.fields);
    expect(await analysisRows(callId)).toBe(1);
    expect(await outboxOf(callId)).toHaveLength(2);
    // Another tenant sees none of it.
    const other = await api.tenantWithKey("Other");
    for (const method of ["GET", "POST"]) {
      const res = await api.call(method, `/v1/conversations/${callId}/analysis`, {
        key: other.key,
      });
      expect(res.status).toBe(404);
    }
  }, 60_000);

  test("a failing model leaves no analysis, but a line on the call; a good answer later is kept", async () => {
    api = await startTestApi({ modelBaseUrl: sim.url, analysisBaseUrl: chat.url });
    chat.reply = { status: 503, error: "overloaded" };
    chat.requests.length = 0;
    const { key } = await api.tenantWithKey();
    const agentId = await agentWith(key);
    const callId = await callWithCallerWords(key, agentId);
    await until("the failure on record", async () =>
      (await api.stores.calls.events(callId)).some((e) => e.kind === "analysis_failed"),
    );
    expect(chat.completions).toHaveLength(3);
    const failed = (await api.stores.calls.events(callId)).find(
      (e) => e.kind === "analysis_failed",
    );
    expect(failed?.detail).toMatchObject({ reason: "unavailable", status: 503, attempts: 3 });
    expect(await analysisRows(callId)).toBe(0);
    expect(await outboxOf(callId)).toHaveLength(0);
    const conversation = await api.call("GET", `/v1/conversations/${callId}`, { key });
    expect(conversation.body.analysis).toBeNull();
    const logged = api.logLines.filter((l) => l.includes("call analysis failed"));
    expect(logged).toHaveLength(1);
    expect(logged.join()).not.toContain("table for 4");

    // An answer outside the schema is refused, not stored, and not retried.
    chat.requests.length = 0;
    const outside = { summary: "s", outcome: "maybe", sentiment: "neutral", fields: {} };
    chat.reply = { json: outside };
    const invalid = await api.call("POST", `/v1/conversations/${callId}/analysis`, { key });
    expect(invalid.status).toBe(502);
    expect(invalid.body.error).toMatchObject({
      code: "analysis_failed",
      details: { reason: "invalid_answer" },
    });
    expect(invalid.body.error.message).toContain("$.outcome: must be one of");
    expect(chat.completions).toHaveLength(1);
    expect(await analysisRows(callId)).toBe(0);

    // The request asked for strict structured output with the agent's fields in strict form.
    const format = chat.completions[0]?.response_format as any;
    expect(format.json_schema.strict).toBe(true);
    expect(format.json_schema.schema.properties.fields).toEqual(strictFieldsSchema(FIELDS));
    expect(format.json_schema.schema.properties.outcome.enum).toEqual(ANALYSIS.outcomes);

    const good = {
      summary: "A table for four on Friday was booked.",
      outcome: "table_booked",
      sentiment: "positive",
      fields: {
        party_size: 4,
        day: "friday",
        booked: true,
        notes: null,
        contact: null,
      },
    };
    chat.reply = { json: good };
    const kept = await api.call("POST", `/v1/conversations/${callId}/analysis`, { key });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ ...good, model: "gpt-4.1-mini-2025-01-01" });
    // A later failure leaves the kept analysis as it was.
    chat.reply = { status: 400, error: "bad request" };
    expect((await api.call("POST", `/v1/conversations/${callId}/analysis`, { key })).status).toBe(
      502,
    );
    const still = await api.call("GET", `/v1/conversations/${callId}/analysis`, { key });
    expect(still.body).toEqual(kept.body);
    expect(await outboxOf(callId)).toHaveLength(1);
  }, 60_000);

  test("a call in which the caller never spoke is analysed without a model", async () => {
    api = await startTestApi({ modelBaseUrl: sim.url, analysisBaseUrl: chat.url });
    chat.requests.length = 0;
    const { key, tenantId } = await api.tenantWithKey();
    const agentId = await agentWith(key);
    const callId = newId("call");
    await api.stores.calls.create({
      id: callId,
      tenantId,
      agentId,
      agentVersion: 1,
      channel: "web",
      direction: "inbound",
      remoteParty: "web",
      machineId: "test-machine",
    });
    await api.stores.calls.appendMessage(callId, {
      seq: 1,
      role: "assistant",
      text: "Hello, Bistro here.",
      itemId: null,
      offsetMs: 0,
    });
    const live = await api.call("POST", `/v1/conversations/${callId}/analysis`, { key });
    expect(live.status).toBe(409);
    await api.stores.calls.end(callId, { reason: "caller_hung_up", usage: {}, metrics: {} });
    const res = await api.call("POST", `/v1/conversations/${callId}/analysis`, { key });
    expect(res.body).toMatchObject({
      outcome: "no_conversation",
      sentiment: "neutral",
      fields: {},
      model: null,
    });
    expect(chat.requests).toHaveLength(0);
    expect(await outboxOf(callId)).toHaveLength(1);
  });

  test("an agent whose analysis is turned off gets none", async () => {
    api = await startTestApi({ modelBaseUrl: sim.url });
    const { key } = await api.tenantWithKey();
    const agentId = await agentWith(key, { enabled: false });
    const callId = await callWithCallerWords(key, agentId);
    // The after-call steps are started right after this line is logged.
    await until("the call's end", async () =>
      api.logLines.some((l) => l.includes('"call ended"') && l.includes(callId)),
    );
    await api.background.idle();
    expect(await analysisRows(callId)).toBe(0);
    const res = await api.call("POST", `/v1/conversations/${callId}/analysis`, { key });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain("turned off");
  }, 60_000);
});

describe("the agent's analysis settings", () => {
  test("a fields schema structured outputs cannot follow is refused with a 400 saying why", async () => {
    api = await startTestApi();
    const { key } = await api.tenantWithKey();
    await api.call("GET", "/v1/agents", { key });
    const before = await snapshotDb(api.stores);
    const cases: Array<[unknown, string]> = [
      [
        { type: "object", properties: { age: { type: "int" } } },
        "body.config.analysis.fields: properties.age: type must be one of string, number",
      ],
      [
        { type: "object", properties: { code: { type: "string", pattern: "^[0-9]+$" } } },
        'properties.code: "pattern" is not supported',
      ],
      [
        { type: "object", properties: { tags: { type: "array" } } },
        "properties.tags: items is required for type array",
      ],
      [
        { type: "object", properties: { a: { type: "string" } }, required: ["b"] },
        "required must list names of properties",
      ],
      [{ type: "array", items: { type: "string" } }, "body.config.analysis.fields.type"],
      [
        { type: "object", properties: { size: { type: "string", enum: [1, 2] } } },
        "properties.size: enum values must all be of type string",
      ],
    ];
    for (const [fields, expected] of cases) {
      const res = await api.call("POST", "/v1/agents", {
        key,
        body: { name: "Bad", config: { analysis: { fields } } },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(expected);
    }
    let deep: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 5; i++) deep = { type: "object", properties: { inner: deep } };
    const tooDeep = await api.call("POST", "/v1/agents", {
      key,
      body: { name: "Deep", config: { analysis: { fields: deep } } },
    });
    expect(tooDeep.body.error.message).toContain("nests deeper than 4 levels");
    const sameOutcome = await api.call("POST", "/v1/agents", {
      key,
      body: { name: "Twice", config: { analysis: { outcomes: ["done", "done"] } } },
    });
    expect(sameOutcome.body.error.message).toContain("outcomes must differ");
    expect(await snapshotDb(api.stores)).toBe(before);

    const plain = await api.call("POST", "/v1/agents", { key, body: { name: "Plain" } });
    expect(plain.body.draft.analysis).toEqual({
      enabled: true,
      outcomes: ["resolved", "follow_up_needed", "not_resolved"],
      fields: { type: "object", properties: {} },
    });
  });
});
