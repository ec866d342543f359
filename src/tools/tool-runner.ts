import type { Toolbox, ToolOwner, ToolRunner } from "../calls/tool-port";
import type { ToolConfig } from "../domain/agent-tools";
import type { Logger } from "../log/logger";
import type { EgressPolicy } from "../net/egress-guard";
import { guardedFetch, type Lookup } from "../net/guarded-fetch";
import type { RevealCredential } from "./auth-headers";
import { ExternalToolbox } from "./external-toolbox";
import { mcpFetch } from "./mcp-connection";
import { McpListings } from "./mcp-listings";

export interface ExternalToolRunnerOptions {
  /** What tool URLs and MCP servers may reach (ALLOW_PRIVATE_EGRESS). */
  egress: EgressPolicy;
  reveal: RevealCredential;
  log: Logger;
  /** How long an MCP server's tool list is reused for the same agent version; default 60 s. */
  listingTtlMs?: number;
  /** DNS resolution; tests inject their own. */
  lookup?: Lookup;
}

/** MCP sessions live as long as a call; their requests end with the session, not a timer. */
const MCP_SESSION_MS = 5 * 3600 * 1000;

/** HTTP and MCP tools, every request through the egress guard: the engine's ToolRunner. */
export class ExternalToolRunner implements ToolRunner {
  private readonly listings: McpListings;

  constructor(private readonly options: ExternalToolRunnerOptions) {
    this.listings = new McpListings(options.listingTtlMs ?? 60_000);
  }

  open(owner: ToolOwner, tools: readonly ToolConfig[], variables: Record<string, string>): Toolbox {
    const { egress: policy, lookup } = this.options;
    const guarded = (timeoutMs: number) =>
      guardedFetch({ policy, timeoutMs, ...(lookup && { lookup }) });
    return new ExternalToolbox(owner, tools, variables, {
      reveal: this.options.reveal,
      httpFetch: guarded,
      mcpFetch: mcpFetch(guarded(MCP_SESSION_MS)),
      listings: this.listings,
      log: this.options.log,
    });
  }
}
