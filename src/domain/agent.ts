import type { AgentConfig } from "./agent-config";

export interface Agent {
  id: string;
  tenantId: string;
  name: string;
  description: string;
  /** The editable config; calls use a published version, never the draft directly. */
  draft: AgentConfig;
  draftRevision: number;
  publishedVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface AgentVersion {
  agentId: string;
  version: number;
  config: AgentConfig;
  note: string;
  /** Set when this version re-published an older one (a rollback). */
  sourceVersion: number | null;
  publishedBy: string;
  publishedAt: string;
}
