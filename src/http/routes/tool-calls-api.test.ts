import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { callerRecording } from "../../../test/caller-audio";
import { CallerPeer } from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { type McpTestServer, startMcpTestServer } from "../../../test/mcp-test-server";
import { type ModelSimulator, startModelSimulator } from "../../models/simulator/server";

// Tools as a business sees them: configured on the draft, tried on their own, then used in a
// test call on the draft, and read back on the conversation.
let sim: ModelSimulator;
let mcp: McpTestServer;
let service: ReturnType<typeof Bun.serve>;
const requests: Array<{ path: string; body: string; auth: string | null }> = [];
/** Requests to `/slow/…` the gateway gave up on. */
let abandoned = 0;
let api: TestApi;
let tenant: { tenantId: string; key: string };
let agentId: string;
const callers: CallerPeer[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({
    pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 },
    script: {
      toolRules: [
        {
          when: /utterance 1/,
          tool: "check_slots",
          arguments: { date: "2026-12-01", patient: "Ana Silva" },
          thenSay: "booking",
        },
      ],
    },
  });
  mcp = await startMcpTestServer();
  service = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      requests.push({
        path: url.pathname,
        body: await request.text(),
        auth: request.headers.get("authorization"),
      });
      if (url.pathname.endsWith("/broken"))
        return new Response("down for maintenance", { status: 503 });
      if (url.pathname.startsWith("/slow/")) {
        request.signal.addEventListener("abort", () => abandoned++);
        await Bun.sleep(8000);
      }
      return Response.json({ free: ["10:00", "11:30"] });
    },
  });
});
afterAll(async () => {
  await Promise.all([sim.stop(), mcp.stop()]);
  service.stop(true);
});

beforeEach(async () => {
  requests.length = 0;
  api = await startTestApi({ modelBaseUrl: sim.url, allowPrivateEgress: ["127.0.0.1/32"] });
  tenant = await api.tenantWithKey();
  await api.call("PUT", `/v1/tenants/${tenant.tenantId}/credentials/booking`, {
    key: tenant.key,
    body: { kind: "http_auth", scheme: "bearer", value: "booking-token-123" },
  });
  const base = `http://127.0.0.1:${service.port}`;
  const created = await api.call("POST", "/v1/agents", {
    key: tenant.key,
    body: {
      name: "Front desk",
      config: {
        tools: [
          {
            type: "http",
            name: "check_slots",
            description: "Free slots on a date",
            url: `${base}/slots/{date}`,
            credential: "booking",
            parameters: { type: "object", properties: { date: { type: "string" } } },
          },
          { type: "http", name: "broken", description: "Fails", url: `${base}/broken` },
          { type: "http", name: "internal", description: "Private", url: "http://10.0.0.8/x" },
          { type: "mcp", name: "stock", serverUrl: mcp.url, allowedTools: ["out_of_stock"] },
          { type: "builtin", name: "end_call" },
        ],
      },
    },
  });
  agentId = created.body.id;
});
afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api.close();
});

const testTool = (name: string, body: unknown = {}, key = tenant.key, agent = agentId) =>
  api.call("POST", `/v1/agents/${agent}/tools/${name}/test`, { key, body });

describe("trying a tool without a call", () => {
  test("runs it with sample arguments and shows the output and how long it took", async () => {
    const res = await testTool("check_slots", { arguments: { date: "2026-12-24", people: 2 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tool: "check_slots",
      status: "ok",
      output: '{"free":["10:00","11:30"]}',
      error: null,
    });
    expect(res.body.durationMs).toBeGreaterThanOrEqual(0);
    expect(requests).toEqual([
      { path: "/slots/2026-12-24", body: '{"people":2}', auth: "Bearer booking-token-123" },
    ]);
  });

  test("failures are answered as the model would hear them", async () => {
    expect((await testTool("broken")).body).toMatchObject({
      status: "error",
      error: "the service answered HTTP 503: down for maintenance",
    });
    const refused = await testTool("internal");
    expect(refused.body.status).toBe("error");
    expect(refused.body.error).toContain("private network");
    const mcpTool = await testTool("out_of_stock");
    expect(mcpTool.body).toMatchObject({ status: "error", error: "the item is out of stock" });
  });

  test("built-ins, unknown tools, other tenants and unknown versions are refused", async () => {
    const builtin = await testTool("end_call");
    expect(builtin.status).toBe(400);
    expect(builtin.body.error.message).toContain("built-in");
    expect((await testTool("no_such_tool")).status).toBe(404);
    // Not in allowedTools: the MCP server has it, the agent does not.
    expect((await testTool("cancel_booking")).status).toBe(404);
    expect((await testTool("check_slots", { version: 1 })).status).toBe(404);
    const other = await api.tenantWithKey("Other clinic");
    expect((await testTool("check_slots", {}, other.key)).status).toBe(404);
    expect((await testTool("check_slots", { arguments: "x" })).status).toBe(400);
    expect(requests).toEqual([]);
  });
});

describe("listing an agent's tools", () => {
  const listTools = (query = "", key = tenant.key, agent = agentId) =>
    api.call("GET", `/v1/agents/${agent}/tools${query}`, { key });

  test("HTTP tools, the MCP server's allowed tools and the built-ins, with their schemas", async () => {
    const res = await listTools();
    expect(res.status).toBe(200);
    expect(res.body.version).toBe("draft");
    const byName = Object.fromEntries(
      res.body.data.map((t: { name: string; kind: string }) => [t.name, t]),
    );
    expect(Object.keys(byName).sort()).toEqual([
      "broken",
      "check_slots",
      "end_call",
      "internal",
      "out_of_stock",
    ]);
    expect(byName.check_slots).toMatchObject({
      kind: "http",
      description: "Free slots on a date",
      parameters: { type: "object", properties: { date: { type: "string" } } },
    });
    expect(byName.out_of_stock).toMatchObject({ kind: "mcp", server: "stock" });
    expect(byName.end_call.kind).toBe("builtin");
    expect(res.body.unlistedServers).toEqual([]);
    // Listing runs nothing.
    expect(requests).toEqual([]);
  });

  test("a server that cannot be listed is named; a version's tools are its own", async () => {
    const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
    const deadUrl = `http://127.0.0.1:${closed.port}/mcp`;
    closed.stop(true);
    await api.call("POST", `/v1/agents/${agentId}/publish`, { key: tenant.key, body: {} });
    await useTools([{ type: "mcp", name: "gone", serverUrl: deadUrl, timeoutMs: 2000 }]);
    const draft = await listTools();
    expect(draft.body).toEqual({ version: "draft", data: [], unlistedServers: ["gone"] });
    const published = await listTools("?version=1");
    expect(published.body.version).toBe(1);
    expect(published.body.data.map((t: { name: string }) => t.name)).toContain("check_slots");
  });

  test("another tenant's agent is not found; a bad version is refused by name", async () => {
    const other = await api.tenantWithKey("Other clinic");
    expect((await listTools("", other.key)).status).toBe(404);
    expect((await listTools("?version=9")).status).toBe(404);
    const bad = await listTools("?version=latest");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("query.version");
  });
});

describe("a test call on the draft", () => {
  test("the draft answers, calls its tool mid-call, and the conversation shows it all", async () => {
    const unpublished = await dial({});
    expect(unpublished.res.status).toBe(409);

    const { caller, res } = await dial({ version: "draft" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ agentVersion: 0, draftRevision: 1 });
    const callId = res.body.callId;
    await caller.answer(res.body.sdp);
    await eventually("the greeting to be heard", () => caller.audibleMs() > 800, 10_000);
    caller.play(callerRecording("en-hours.wav"));
    await waitForMessages(callId, 4);
    expect((await api.call("DELETE", `/v1/calls/${callId}`, { key: tenant.key })).status).toBe(204);

    expect(requests).toEqual([
      {
        path: "/slots/2026-12-01",
        body: '{"patient":"Ana Silva"}',
        auth: "Bearer booking-token-123",
      },
    ]);
    const record = (await api.call("GET", `/v1/conversations/${callId}`, { key: tenant.key })).body;
    expect(record).toMatchObject({ agentVersion: 0, draftRevision: 1, status: "ended" });
    expect(record.messages.map((m: { role: string }) => m.role)).toEqual([
      "assistant",
      "user",
      "tool",
      "assistant",
    ]);
    expect(record.messages[2]).toMatchObject({
      text: "check_slots",
      tool: {
        name: "check_slots",
        arguments: '{"date":"2026-12-01","patient":"Ana Silva"}',
        status: "ok",
        output: '{"free":["10:00","11:30"]}',
        error: null,
      },
    });
    expect(record.messages[0].tool).toBeNull();
    expect(api.logLines.join("\n")).not.toContain("Ana Silva");
  }, 40_000);

  test("an MCP server's tools are declared once listed, and the model calls them mid-call", async () => {
    await useTools([
      { type: "mcp", name: "bookings", serverUrl: mcp.url, allowedTools: ["check_slots"] },
    ]);
    const { caller, res } = await dial({ version: "draft" });
    await caller.answer(res.body.sdp);
    await eventually("the greeting to be heard", () => caller.audibleMs() > 800, 10_000);
    caller.play(callerRecording("en-hours.wav"));
    await waitForMessages(res.body.callId, 4);
    expect(mcp.toolCalls.at(-1)).toEqual({ name: "check_slots", args: { date: "2026-12-01" } });
    const record = (
      await api.call("GET", `/v1/conversations/${res.body.callId}`, { key: tenant.key })
    ).body;
    expect(record.messages[2].tool).toMatchObject({
      name: "check_slots",
      status: "ok",
      output: "Free on 2026-12-01: 10:00, 11:30",
    });
  }, 40_000);

  test("hanging up during a tool cancels its request; the record says so", async () => {
    const url = `http://127.0.0.1:${service.port}/slow/{date}`;
    await useTools([
      { type: "http", name: "check_slots", description: "Slow", url, timeoutMs: 20_000 },
    ]);
    abandoned = 0;
    const { caller, res } = await dial({ version: "draft" });
    await caller.answer(res.body.sdp);
    await eventually("the greeting to be heard", () => caller.audibleMs() > 800, 10_000);
    caller.play(callerRecording("en-hours.wav"));
    await eventually("the tool's request", () => requests.length === 1, 20_000);
    const hungUp = await api.call("DELETE", `/v1/calls/${res.body.callId}`, { key: tenant.key });
    expect(hungUp.status).toBe(204);
    await eventually("the request to be given up", () => abandoned === 1, 5000);
    const record = (
      await api.call("GET", `/v1/conversations/${res.body.callId}`, { key: tenant.key })
    ).body;
    expect(record.endReason).toBe("hung_up_by_api");
    expect(record.messages.at(-1).tool).toMatchObject({ status: "cancelled", output: null });
  }, 40_000);

  test("a call token cannot call the draft", async () => {
    await api.call("POST", `/v1/agents/${agentId}/publish`, { key: tenant.key });
    const minted = await api.call("POST", `/v1/agents/${agentId}/call-tokens`, {
      key: tenant.key,
      body: {},
    });
    const { res } = await dial({ version: "draft" }, minted.body.token);
    expect(res.status).toBe(403);
    const published = await dial({}, minted.body.token);
    expect(published.res.status).toBe(201);
    expect(published.res.body).toMatchObject({ agentVersion: 1, draftRevision: null });
  }, 20_000);
});

/** Replaces the draft's tools. */
async function useTools(tools: unknown[]) {
  const res = await api.call("PATCH", `/v1/agents/${agentId}`, {
    key: tenant.key,
    body: { config: { tools } },
  });
  expect(res.status).toBe(200);
}

async function dial(extra: Record<string, unknown>, key = tenant.key) {
  const caller = new CallerPeer();
  callers.push(caller);
  const res = await api.call("POST", "/v1/calls/web", {
    key,
    body: { agentId, sdp: await caller.offer(), ...extra },
  });
  return { caller, res };
}

async function waitForMessages(callId: string, count: number) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await api.call("GET", `/v1/conversations/${callId}`, { key: tenant.key });
    if (res.body.messages.length >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${res.body.messages.length} messages stored`);
    await Bun.sleep(100);
  }
}
