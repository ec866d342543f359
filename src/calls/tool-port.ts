import type { ToolConfig } from "../domain/agent-tools";
import type { ToolSpec } from "../models/model-settings";

/**
 * How the call engine reaches tools that run outside the gateway (HTTP requests, MCP servers).
 * The engine declares it; src/tools/ answers it, wired in startup/, so nothing under calls/
 * fetches anything itself.
 */
export interface ToolRunner {
  /** The external tools among `tools`, for one call (or one test run). */
  open(owner: ToolOwner, tools: readonly ToolConfig[], variables: Record<string, string>): Toolbox;
}

/** Whose tools: credentials are the tenant's; MCP listings are cached per agent version. */
export interface ToolOwner {
  tenantId: string;
  agentId: string;
  /** Names the config the tools come from, e.g. `v3` or `draft:12`. */
  version: string;
}

/** Tools that can be run by name: one call's external tools, or its built-ins. */
export interface Toolbox {
  /** Declarations known at once (HTTP tools, built-ins). */
  readonly declared: ToolSpec[];
  /**
   * Every declaration, MCP servers' tools included once listed. A server that cannot be listed
   * is left out (and logged); never rejects.
   */
  listed(signal: AbortSignal): Promise<ToolSpec[]>;
  /** How long a run of `name` may take; undefined when no tool here has that name. */
  timeoutMs(name: string): number | undefined;
  /** Runs `name`; rejects with ToolFailure (or the abort reason when `signal` fires). */
  run(name: string, argumentsJson: string, signal: AbortSignal): Promise<string>;
  /** Closes what was kept open for the call (MCP sessions). */
  close(): Promise<void>;
}

/**
 * Why a tool failed, in words fit for the model and the call's record: never a secret, never a
 * credential. `reason` is a short code, the only part a log line may carry.
 */
export class ToolFailure extends Error {
  override name = "ToolFailure";
  constructor(
    readonly reason: ToolFailureReason,
    message: string,
  ) {
    super(message);
  }
}

export type ToolFailureReason =
  | "unknown_tool"
  | "bad_arguments"
  | "configuration"
  | "egress_refused"
  | "network"
  | "http_status"
  | "tool_error"
  | "unavailable";
