import type { AgentConfigInput } from "../../domain/agent-config";

/** A tool worth connecting to an agent, described for the person setting it up. */
export interface SuggestedTool {
  name: string;
  description: string;
}

/** A ready-made agent for a common kind of business; its config fills a new agent's draft. */
export interface AgentTemplate {
  id: string;
  name: string;
  description: string;
  config: AgentConfigInput;
  /** Tools the agent's task calls for, which the business connects to its own systems. */
  suggestedTools: SuggestedTool[];
}
