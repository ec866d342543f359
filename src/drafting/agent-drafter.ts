import type { Draft } from "./draft-output";
import type { DraftRequest } from "./draft-request";

/** A drafted config and where it came from. */
export interface DraftResult extends Draft {
  /** model: written by the drafting model; template: filled from a template, offline. */
  source: "model" | "template";
  /** The drafting model's name, when one wrote it. */
  model?: string;
  /** The template a template draft was filled from. */
  template?: string;
  /** What the person reviewing the draft should know (what was guessed, what was not used). */
  notes: string[];
}

/** Turns a business description or brand kit into an agent config. */
export interface AgentDrafter {
  draft(request: DraftRequest, signal?: AbortSignal): Promise<DraftResult>;
}

export type DraftFailureKind = "invalid_answer" | "refused" | "unavailable" | "timeout";

/** The drafting model failed or answered something unusable: its fault, never the caller's. */
export class DraftingError extends Error {
  override name = "DraftingError";
  constructor(
    readonly kind: DraftFailureKind,
    message: string,
  ) {
    super(message);
  }
}
