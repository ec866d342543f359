import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ToolFailure } from "../calls/tool-port";
import type { ToolSpec } from "../models/model-settings";
import { EgressRefused } from "../net/egress-guard";
import type { Fetch } from "../net/guarded-fetch";
import { trimOutput } from "./tool-output";

const CLIENT_INFO = { name: "astra-voice", version: "0.1.0" };
/** Tool names a realtime model accepts; others are left out of the declarations. */
const DECLARABLE_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_LIST_PAGES = 10;

/**
 * The guarded fetch in the shape the MCP SDK's transports take, so every request they make
 * (and every redirect) passes the egress guard. Only text bodies are sent (JSON-RPC).
 */
export function mcpFetch(fetch: Fetch): FetchLike {
  return async (input, init = {}) => {
    const body = init.body ?? undefined;
    if (body !== undefined && typeof body !== "string")
      throw new TypeError("only text bodies are sent to MCP servers");
    return fetch(typeof input === "string" ? input : input.href, {
      method: init.method ?? "GET",
      headers: Object.fromEntries(new Headers(init.headers)),
      ...(body !== undefined && { body }),
      ...(init.signal && { signal: init.signal }),
    });
  };
}

export interface McpConnectOptions {
  fetch: FetchLike;
  /** The credential's header, sent with every request. */
  headers: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
}

/**
 * A client session with an MCP server: Streamable HTTP first, then the older HTTP+SSE transport
 * when the server answers the first with a 4xx (it does not speak it). A refused address or a
 * cancelled call is not retried.
 */
export async function connectMcp(serverUrl: string, options: McpConnectOptions): Promise<Client> {
  const url = new URL(serverUrl);
  const requestInit = { headers: options.headers };
  const request = { signal: options.signal, timeout: options.timeoutMs };
  const streamable = new StreamableHTTPClientTransport(url, {
    fetch: options.fetch,
    requestInit,
    // The guarded fetch follows redirects itself, checking each one.
    redirectPolicy: "follow",
  });
  try {
    return await connected(streamable, request);
  } catch (error) {
    if (options.signal.aborted || !speaksOtherTransport(error)) throw failure(error, url);
  }
  const sse = new SSEClientTransport(url, {
    fetch: options.fetch,
    eventSourceInit: { fetch: options.fetch },
    requestInit,
    redirectPolicy: "follow",
  });
  try {
    return await connected(sse, request);
  } catch (error) {
    throw failure(error, url);
  }
}

async function connected(
  transport: StreamableHTTPClientTransport | SSEClientTransport,
  request: { signal: AbortSignal; timeout: number },
): Promise<Client> {
  const client = new Client(CLIENT_INFO);
  try {
    await client.connect(transport, request);
    return client;
  } catch (error) {
    // An event stream left open would keep reconnecting.
    await client.close().catch(() => {});
    throw error;
  }
}

/** A 4xx to the Streamable HTTP handshake: the server may speak HTTP+SSE instead. */
function speaksOtherTransport(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "number" && code >= 400 && code < 500;
}

function causeOf(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof EgressRefused || current instanceof ToolFailure) return current;
    current = current.cause;
  }
  return error;
}

/** Any failure to reach or use the server, in words for the model (never the URL's path). */
export function failure(error: unknown, url: URL): ToolFailure {
  const cause = causeOf(error);
  if (cause instanceof ToolFailure) return cause;
  if (cause instanceof EgressRefused) return new ToolFailure("egress_refused", cause.message);
  const code = (error as { code?: unknown }).code;
  if (typeof code === "number" && code >= 400 && code < 600)
    return new ToolFailure("http_status", `the MCP server at ${url.host} answered HTTP ${code}`);
  return new ToolFailure("network", `could not use the MCP server at ${url.host}`);
}

/** Every tool the server lists, as declarations, filtered by `allowed` when given. */
export async function listMcpTools(
  client: Client,
  allowed: readonly string[] | undefined,
  request: { signal: AbortSignal; timeout: number },
): Promise<ToolSpec[]> {
  const specs: ToolSpec[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const result = await client.listTools(cursor === undefined ? {} : { cursor }, request);
    for (const tool of result.tools) {
      if (!DECLARABLE_NAME.test(tool.name)) continue;
      if (allowed && !allowed.includes(tool.name)) continue;
      specs.push({
        name: tool.name,
        description: tool.description ?? "",
        parameters: tool.inputSchema as Record<string, unknown>,
      });
    }
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return specs;
}

/** Calls a tool; its text content (or structured content) is the output, cut to `maxChars`. */
export async function callMcpTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  request: { signal: AbortSignal; timeout: number; maxChars: number },
): Promise<string> {
  const result = await client.callTool({ name, arguments: args }, undefined, {
    signal: request.signal,
    timeout: request.timeout,
  });
  const parts = Array.isArray(result.content) ? result.content : [];
  const text = parts
    .map((part: { type?: string; text?: unknown }) =>
      part.type === "text" && typeof part.text === "string" ? part.text : `[${part.type} omitted]`,
    )
    .join("\n");
  const output =
    text || (result.structuredContent ? JSON.stringify(result.structuredContent) : "done");
  if (result.isError) throw new ToolFailure("tool_error", trimOutput(output, 300));
  return trimOutput(output, request.maxChars);
}
