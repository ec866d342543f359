import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { parseArguments } from "../calls/builtin-tools";
import { type Toolbox, ToolFailure, type ToolOwner } from "../calls/tool-port";
import { untilAborted } from "../calls/until-aborted";
import type { HttpToolConfig, McpToolConfig, ToolConfig } from "../domain/agent-tools";
import type { Logger } from "../log/logger";
import type { ToolSpec } from "../models/model-settings";
import type { Fetch } from "../net/guarded-fetch";
import { authHeaders, type RevealCredential } from "./auth-headers";
import { runHttpTool } from "./http-tool";
import { callMcpTool, connectMcp, failure, listMcpTools } from "./mcp-connection";
import type { McpListings } from "./mcp-listings";

export interface ExternalToolboxDeps {
  reveal: RevealCredential;
  /** Guarded fetch for HTTP tools (bounded by the tool's timeout). */
  httpFetch: (timeoutMs: number) => Fetch;
  /** Guarded fetch for MCP sessions, which stay open for the call. */
  mcpFetch: FetchLike;
  listings: McpListings;
  log: Logger;
}

/**
 * One call's HTTP and MCP tools. HTTP tools are declared at once; MCP servers are listed (or
 * their listing reused), and a session with a server opens at its first tool call and stays
 * open for the rest of the call.
 */
export class ExternalToolbox implements Toolbox {
  readonly declared: ToolSpec[];
  private readonly http = new Map<string, HttpToolConfig>();
  private readonly servers: McpToolConfig[];
  /** Which server offers a listed tool. */
  private readonly mcpTools = new Map<string, McpToolConfig>();
  private readonly sessions = new Map<string, Promise<Client>>();
  private readonly auth = new Map<string, Promise<Record<string, string>>>();
  private listing: Promise<ToolSpec[]> | null = null;
  private closed = false;

  constructor(
    private readonly owner: ToolOwner,
    tools: readonly ToolConfig[],
    private readonly variables: Record<string, string>,
    private readonly deps: ExternalToolboxDeps,
  ) {
    for (const tool of tools) if (tool.type === "http") this.http.set(tool.name, tool);
    this.servers = tools.filter((tool): tool is McpToolConfig => tool.type === "mcp");
    this.declared = [...this.http.values()].map(({ name, description, parameters }) => ({
      name,
      description,
      parameters,
    }));
  }

  listed(signal: AbortSignal): Promise<ToolSpec[]> {
    this.listing ??= this.listAll();
    return untilAborted(this.listing, signal);
  }

  timeoutMs(name: string): number | undefined {
    return (this.http.get(name) ?? this.mcpTools.get(name))?.timeoutMs;
  }

  async run(name: string, argumentsJson: string, signal: AbortSignal): Promise<string> {
    const args = parseArguments(argumentsJson);
    const http = this.http.get(name);
    if (http) {
      const auth = await this.authFor(http.credential);
      return runHttpTool(http, args, {
        variables: this.variables,
        auth,
        fetch: this.deps.httpFetch(http.timeoutMs),
        signal,
      });
    }
    if (!this.mcpTools.has(name)) await this.listed(signal);
    const server = this.mcpTools.get(name);
    if (!server) throw new ToolFailure("unknown_tool", `there is no tool named ${name}`);
    const client = await this.session(server, signal);
    try {
      return await callMcpTool(client, name, args, {
        signal,
        timeout: server.timeoutMs,
        maxChars: server.maxOutputChars,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw failure(error, new URL(server.serverUrl));
    }
  }

  /** Never waits for a session still opening (the call's end must not): it closes once open. */
  async close(): Promise<void> {
    this.closed = true;
    for (const session of this.sessions.values())
      session.then((client) => client.close()).catch(() => {});
    this.sessions.clear();
  }

  private async listAll(): Promise<ToolSpec[]> {
    const taken = new Set(this.http.keys());
    const listings = await Promise.all(this.servers.map((server) => this.listServer(server)));
    const specs: ToolSpec[] = [...this.declared];
    for (const [index, tools] of listings.entries()) {
      const server = this.servers[index];
      if (!server) continue;
      for (const tool of tools) {
        if (taken.has(tool.name)) continue;
        taken.add(tool.name);
        this.mcpTools.set(tool.name, server);
        specs.push(tool);
      }
    }
    return specs;
  }

  /** One server's tools, from the shared listing; a server that fails is left out, and logged. */
  private async listServer(server: McpToolConfig): Promise<ToolSpec[]> {
    const { tenantId, agentId, version } = this.owner;
    const key = [tenantId, agentId, version, server.name, server.serverUrl].join("\n");
    try {
      return await this.deps.listings.get(key, async () => {
        // Shared by every call that asks meanwhile: bounded by the server's timeout alone.
        const signal = AbortSignal.timeout(server.timeoutMs);
        const client = await this.connect(server, signal);
        try {
          return await listMcpTools(client, server.allowedTools, {
            signal,
            timeout: server.timeoutMs,
          });
        } finally {
          await client.close().catch(() => {});
        }
      });
    } catch (error) {
      const why = error instanceof ToolFailure ? error : failure(error, new URL(server.serverUrl));
      this.deps.log.warn("MCP server not listed", { server: server.name, reason: why.reason });
      return [];
    }
  }

  private session(server: McpToolConfig, signal: AbortSignal): Promise<Client> {
    if (this.closed) throw new ToolFailure("unavailable", "the call has ended");
    let session = this.sessions.get(server.name);
    if (!session) {
      // Opened for the call, not for one run: a run that times out leaves it usable.
      const opening = this.connect(server, AbortSignal.timeout(server.timeoutMs));
      session = opening.then(async (client) => {
        if (this.closed) await client.close();
        return client;
      });
      this.sessions.set(server.name, session);
      session.catch(() => {
        if (this.sessions.get(server.name) === session) this.sessions.delete(server.name);
      });
    }
    return untilAborted(session, signal);
  }

  private async connect(server: McpToolConfig, signal: AbortSignal): Promise<Client> {
    const headers = await this.authFor(server.credential);
    return connectMcp(server.serverUrl, {
      fetch: this.deps.mcpFetch,
      headers,
      signal,
      timeoutMs: server.timeoutMs,
    });
  }

  private authFor(credential: string | undefined): Promise<Record<string, string>> {
    const key = credential ?? "";
    let headers = this.auth.get(key);
    if (!headers) {
      headers = authHeaders(this.deps.reveal, this.owner.tenantId, credential);
      this.auth.set(key, headers);
      headers.catch(() => this.auth.delete(key));
    }
    return headers;
  }
}
