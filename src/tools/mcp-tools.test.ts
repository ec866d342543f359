import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { type McpTestServer, startMcpTestServer } from "../../test/mcp-test-server";
import { runWithDeadline } from "../calls/tool-calls";
import type { ToolOwner } from "../calls/tool-port";
import { type ToolConfig, ToolSchema } from "../domain/agent-tools";
import { memoryLogger } from "../log/logger";
import { EgressPolicy } from "../net/egress-guard";
import type { Lookup } from "../net/guarded-fetch";
import { ExternalToolRunner } from "./tool-runner";

let server: McpTestServer;
let sseServer: McpTestServer;
/** An MCP server outside the allowed range (127.0.0.1/32): it must never hear from us. */
let forbidden: McpTestServer;
/** Redirects every request to wherever `?to=` says. */
let redirector: ReturnType<typeof Bun.serve>;

beforeAll(async () => {
  server = await startMcpTestServer({ requireHeader: ["x-api-key", "mcp-key-1"] });
  sseServer = await startMcpTestServer({ transport: "sse" });
  forbidden = await startMcpTestServer({ host: "127.0.0.2" });
  redirector = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (request) =>
      new Response(null, {
        status: 307,
        headers: { location: new URL(request.url).searchParams.get("to") ?? "/" },
      }),
  });
});
afterAll(async () => {
  await Promise.all([server.stop(), sseServer.stop(), forbidden.stop()]);
  redirector.stop(true);
});

const lookup: Lookup = async (name) => {
  if (name === "tools.internal.test") return [{ address: "127.0.0.2" }];
  throw new Error("ENOTFOUND");
};

function runner(listingTtlMs = 60_000) {
  const log = memoryLogger();
  const tools = new ExternalToolRunner({
    egress: EgressPolicy.allowing(["127.0.0.1/32"]),
    reveal: async () => ({
      kind: "http_auth",
      scheme: "header",
      headerName: "X-Api-Key",
      value: "mcp-key-1",
    }),
    log: log.logger,
    lookup,
    listingTtlMs,
  });
  return { tools, log };
}

function mcpServer(url: string, fields: Record<string, unknown> = {}): ToolConfig {
  return v.parse(ToolSchema, { type: "mcp", name: "bookings", serverUrl: url, ...fields });
}

const owner = (version = "v1"): ToolOwner => ({ tenantId: "ten_1", agentId: "agt_1", version });
const never = () => new AbortController().signal;
const names = (specs: Array<{ name: string }>) => specs.map((s) => s.name).sort();

describe("MCP servers", () => {
  test("tools are listed with the server's credential, filtered by allowedTools, and called", async () => {
    const { tools } = runner();
    const config = mcpServer(server.url, {
      credential: "mcp",
      allowedTools: ["check_slots", "out_of_stock"],
    });
    const box = tools.open(owner(), [config], {});
    expect(box.declared).toEqual([]);
    const listed = await box.listed(never());
    expect(names(listed)).toEqual(["check_slots", "out_of_stock"]);
    expect(listed.find((t) => t.name === "check_slots")).toMatchObject({
      description: "Free appointment slots on a date",
      parameters: { type: "object", properties: { date: { type: "string" } } },
    });
    const outcome = await runWithDeadline(box, "check_slots", '{"date":"2026-12-01"}', never());
    expect(outcome).toMatchObject({ status: "ok", output: "Free on 2026-12-01: 10:00, 11:30" });
    expect(server.toolCalls.at(-1)).toEqual({
      name: "check_slots",
      args: { date: "2026-12-01" },
    });
    // A tool the agent was not allowed is not there to call.
    const refused = await runWithDeadline(box, "cancel_booking", '{"id":"b1"}', never());
    expect(refused).toMatchObject({ status: "error", reason: "unknown_tool" });
    expect(server.requests.every((r) => r.headers["x-api-key"] === "mcp-key-1")).toBe(true);
    await box.close();
  });

  test("an error result and a slow tool: short failures for the model, the slow run cancelled", async () => {
    const { tools } = runner();
    const box = tools.open(
      owner(),
      [mcpServer(server.url, { credential: "mcp", timeoutMs: 300 })],
      {},
    );
    const failed = await runWithDeadline(box, "out_of_stock", "{}", never());
    expect(failed).toMatchObject({
      status: "error",
      error: "the item is out of stock",
      reason: "tool_error",
    });
    const before = server.cancelledRuns;
    const slow = await runWithDeadline(box, "slow", '{"ms":5000}', never());
    expect(slow).toMatchObject({ status: "timeout", error: "no answer within 0.3 s" });
    // The session outlives the run: the next call on it works.
    const next = await runWithDeadline(box, "check_slots", '{"date":"2026-12-02"}', never());
    expect(next.status).toBe("ok");
    await box.close();
    expect(server.cancelledRuns).toBeGreaterThan(before);
  });

  test("one listing serves calls close together; another version or a stale listing lists again", async () => {
    const { tools } = runner(150);
    const lists = () => server.rpcMethods.filter((m) => m === "tools/list").length;
    const config = mcpServer(server.url, { credential: "mcp" });
    const start = lists();
    await Promise.all([1, 2, 3].map(() => tools.open(owner("v7"), [config], {}).listed(never())));
    expect(lists() - start).toBe(1);
    await tools.open(owner("v8"), [config], {}).listed(never());
    expect(lists() - start).toBe(2);
    await Bun.sleep(300);
    await tools.open(owner("v7"), [config], {}).listed(never());
    expect(lists() - start).toBe(3);
  });

  test("a server that only speaks HTTP+SSE is used through the older transport", async () => {
    const { tools } = runner();
    const box = tools.open(owner(), [mcpServer(sseServer.url)], {});
    expect(names(await box.listed(never()))).toEqual([
      "cancel_booking",
      "check_slots",
      "out_of_stock",
      "slow",
    ]);
    const outcome = await runWithDeadline(box, "check_slots", '{"date":"2026-12-03"}', never());
    expect(outcome.output).toBe("Free on 2026-12-03: 10:00, 11:30");
    // It first tried Streamable HTTP, which this server refuses.
    expect(sseServer.requests[0]).toMatchObject({ method: "POST", path: "/sse" });
    await box.close();
  });

  test("a server without the credential it needs is left out, and the call goes on", async () => {
    const { tools, log } = runner();
    const box = tools.open(owner("v-nocred"), [mcpServer(server.url)], {});
    expect(await box.listed(never())).toEqual([]);
    expect(log.lines.join("\n")).toContain('"reason":"http_status"');
  });
});

describe("the egress guard on MCP servers", () => {
  const unreachable = (url: string) => ({
    url,
    config: mcpServer(url),
  });

  test("forbidden addresses, names resolving to them and redirects to them: no packet sent", async () => {
    const port = new URL(forbidden.url).port;
    const cases = [
      unreachable(forbidden.url),
      unreachable(`http://tools.internal.test:${port}/mcp`),
      unreachable(`http://169.254.169.254/mcp`),
      unreachable(`http://10.0.0.7/mcp`),
      unreachable(
        `http://127.0.0.1:${redirector.port}/mcp?to=${encodeURIComponent(forbidden.url)}`,
      ),
      unreachable(
        `http://127.0.0.1:${redirector.port}/mcp?to=${encodeURIComponent(`http://tools.internal.test:${port}/mcp`)}`,
      ),
    ];
    for (const { config } of cases) {
      const { tools, log } = runner();
      const box = tools.open(owner(`v-${Math.random()}`), [config], {});
      expect(await box.listed(never())).toEqual([]);
      expect(log.lines.join("\n")).toContain('"reason":"egress_refused"');
    }
    expect(forbidden.requests).toEqual([]);
  });

  test("a tool call to a refused server tells the model why", async () => {
    const { tools } = runner();
    const box = tools.open(owner("v-refused"), [mcpServer(forbidden.url)], {});
    // Not listed, so not callable: the model never gets to name it.
    const outcome = await runWithDeadline(box, "check_slots", "{}", never());
    expect(outcome.reason).toBe("unknown_tool");
    expect(forbidden.requests).toEqual([]);
  });
});
