import type { Sentiment } from "./agent-analysis";

/** What the analysis of one ended call found. */
export interface CallAnalysis {
  callId: string;
  tenantId: string;
  summary: string;
  /** One of the agent's outcomes, or NO_CONVERSATION when the caller said nothing. */
  outcome: string;
  sentiment: Sentiment;
  /** The data the agent's `analysis.fields` schema asks for. */
  fields: Record<string, unknown>;
  /** The model that answered; null when no model was asked. */
  model: string | null;
  createdAt: string;
}

/** The outcome of a call in which the caller never spoke: it is set without asking a model. */
export const NO_CONVERSATION = "no_conversation";
