import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import * as z from "zod";

/**
 * A real MCP server for tests, built with the SDK's own server side on a real port: Streamable
 * HTTP at `/mcp`, or the older HTTP+SSE transport at `/sse`. It records every HTTP request and
 * JSON-RPC method, and offers a few tools: check_slots, cancel_booking, out_of_stock (an error
 * result) and slow (waits, and notes whether it was cancelled).
 */
export interface McpTestServer {
  url: string;
  /** Every HTTP request: method, path, headers and the JSON-RPC methods in its body. */
  requests: Array<{ method: string; path: string; headers: IncomingMessage["headers"] }>;
  rpcMethods: string[];
  toolCalls: Array<{ name: string; args: Record<string, unknown> }>;
  /** Runs of `slow` whose request was cancelled by the client. */
  cancelledRuns: number;
  stop(): Promise<void>;
}

export interface McpTestServerOptions {
  transport?: "streamable" | "sse";
  host?: string;
  /** Refuse (401) any request without this header and value. */
  requireHeader?: [name: string, value: string];
}

export async function startMcpTestServer(
  options: McpTestServerOptions = {},
): Promise<McpTestServer> {
  const state: Omit<McpTestServer, "url" | "stop"> = {
    requests: [],
    rpcMethods: [],
    toolCalls: [],
    cancelledRuns: 0,
  };
  const streamable = new Map<string, StreamableHTTPServerTransport>();
  const sse = new Map<string, SSEServerTransport>();

  const newServer = () => {
    const server = new McpServer({ name: "test-tools", version: "1.0.0" });
    const note = (name: string, args: Record<string, unknown>) =>
      state.toolCalls.push({ name, args });
    server.registerTool(
      "check_slots",
      { description: "Free appointment slots on a date", inputSchema: { date: z.string() } },
      async (args) => {
        note("check_slots", args);
        return { content: [{ type: "text", text: `Free on ${args.date}: 10:00, 11:30` }] };
      },
    );
    server.registerTool(
      "cancel_booking",
      { description: "Cancel a booking", inputSchema: { id: z.string() } },
      async (args) => {
        note("cancel_booking", args);
        return { content: [{ type: "text", text: "cancelled" }] };
      },
    );
    server.registerTool("out_of_stock", { description: "Always fails" }, async () => {
      note("out_of_stock", {});
      return { isError: true, content: [{ type: "text", text: "the item is out of stock" }] };
    });
    server.registerTool(
      "slow",
      { description: "Takes its time", inputSchema: { ms: z.number() } },
      async (args, extra) => {
        note("slow", args);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, args.ms);
          extra.signal.addEventListener("abort", () => {
            state.cancelledRuns++;
            clearTimeout(timer);
            resolve();
          });
        });
        return { content: [{ type: "text", text: "finally done" }] };
      },
    );
    return server;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    state.requests.push({ method: req.method ?? "", path, headers: req.headers });
    const [header, value] = options.requireHeader ?? [];
    if (header && req.headers[header.toLowerCase()] !== value) {
      res.writeHead(401).end("unauthorized");
      return;
    }
    const body = req.method === "POST" ? await readJson(req) : undefined;
    for (const message of [body].flat()) {
      const method = (message as { method?: unknown } | undefined)?.method;
      if (typeof method === "string") state.rpcMethods.push(method);
    }
    if (options.transport === "sse") return handleSse(path, req, res, body);
    if (path !== "/mcp") return void res.writeHead(404).end("not found");
    const sessionId = req.headers["mcp-session-id"];
    let transport = typeof sessionId === "string" ? streamable.get(sessionId) : undefined;
    if (!transport) {
      if (sessionId !== undefined) return void res.writeHead(404).end("unknown session");
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void streamable.set(id, created),
      });
      await newServer().connect(created);
      transport = created;
    }
    await transport.handleRequest(req, res, body);
  };

  const handleSse = async (
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
  ) => {
    if (req.method === "GET" && path === "/sse") {
      const transport = new SSEServerTransport("/messages", res);
      sse.set(transport.sessionId, transport);
      res.on("close", () => sse.delete(transport.sessionId));
      await newServer().connect(transport);
      return;
    }
    const id = new URL(req.url ?? "/", "http://x").searchParams.get("sessionId") ?? "";
    const transport = sse.get(id);
    if (req.method === "POST" && path === "/messages" && transport)
      return transport.handlePostMessage(req, res, body);
    // What an SSE-only server says to a Streamable HTTP client's POST.
    res.writeHead(405).end("method not allowed");
  };

  const http = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end("server error");
    });
  });
  await new Promise<void>((resolve) => http.listen(0, options.host ?? "127.0.0.1", resolve));
  const { port, address } = http.address() as AddressInfo;
  return {
    ...state,
    get cancelledRuns() {
      return state.cancelledRuns;
    },
    url: `http://${address}:${port}/${options.transport === "sse" ? "sse" : "mcp"}`,
    async stop() {
      for (const transport of [...streamable.values(), ...sse.values()])
        await transport.close().catch(() => {});
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
