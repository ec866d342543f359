import type { ToolSpec } from "../models/model-settings";

/** Entries kept at most; expired ones are dropped first when it fills up. */
const MAX_ENTRIES = 1000;

/**
 * MCP servers' tool lists, kept a short while per server and agent version so that calls close
 * together list each server once. A listing in progress is shared; a failed one is not kept.
 */
export class McpListings {
  private readonly entries = new Map<string, { expiresAt: number; tools: Promise<ToolSpec[]> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get(key: string, list: () => Promise<ToolSpec[]>): Promise<ToolSpec[]> {
    const at = this.now();
    const kept = this.entries.get(key);
    if (kept && kept.expiresAt > at) return kept.tools;
    if (this.entries.size >= MAX_ENTRIES) this.prune(at);
    const tools = list();
    this.entries.set(key, { expiresAt: at + this.ttlMs, tools });
    tools.catch(() => {
      if (this.entries.get(key)?.tools === tools) this.entries.delete(key);
    });
    return tools;
  }

  private prune(at: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= at) this.entries.delete(key);
    // Still full: the oldest go (a Map iterates in insertion order).
    for (const key of this.entries.keys()) {
      if (this.entries.size < MAX_ENTRIES) break;
      this.entries.delete(key);
    }
  }
}
