import type { AgentConfig } from "../domain/agent-config";
import type { ModelLeg } from "../models/model-leg";
import type { KnowledgePassage } from "./knowledge-port";
import { untilAborted } from "./until-aborted";

/** Longest a passage runs in the note the model gets; the rest stays in the knowledge base. */
const PASSAGE_CHARS = 800;

export interface KnowledgeTurnsOptions {
  model: Pick<ModelLeg, "addContext" | "createResponse">;
  /** Searches the agent's knowledge for the caller's words; aborted when the budget runs out. */
  search: (query: string, signal: AbortSignal) => Promise<KnowledgePassage[]>;
  /** How long a search may take before the reply goes ahead without it (default 300 ms). */
  budgetMs: number;
  /** How long to wait for the caller's final transcript after they stop speaking. */
  transcriptWaitMs: number;
  /** What each turn's search did, for the record and the logs. */
  searched?: (outcome: { found: number; searchMs: number; late: boolean; failed: boolean }) => void;
}

/** Whether an agent's calls search its knowledge on every caller turn. */
export function searchesEachTurn(config: AgentConfig): boolean {
  const { knowledge } = config;
  const has = knowledge.collections.length > 0 || knowledge.provider !== "none";
  return has && knowledge.turnBudgetMs > 0;
}

/**
 * Knowledge on every caller turn: when the caller stops speaking, the reply waits for their final
 * transcript, searches the agent's knowledge with it, adds what it found as a system note, and
 * only then asks for the reply. The search has a budget: a late or failed search is dropped and
 * the reply goes ahead without it; a transcript that never comes does not hold the turn either.
 * The model's own turn detection must not start replies (`createResponse: false`).
 */
export class KnowledgeTurns {
  private waiting: { itemId: string; timer: ReturnType<typeof setTimeout> } | null = null;
  private search: AbortController | null = null;

  constructor(private readonly opts: KnowledgeTurnsOptions) {}

  /** The caller stopped: their reply is due once their words are known (or the wait runs out). */
  speechStopped(itemId: string): void {
    this.cancel();
    const timer = setTimeout(() => this.reply(itemId, null), this.opts.transcriptWaitMs);
    this.waiting = { itemId, timer };
  }

  /** The caller's final words for an item. */
  transcript(itemId: string, text: string): void {
    if (this.waiting?.itemId !== itemId) return;
    clearTimeout(this.waiting.timer);
    // Noise transcribed as nothing: there is nothing to search for.
    if (!text.trim()) this.reply(itemId, null);
    else void this.searchThenReply(itemId, text);
  }

  /** The caller talks again before the reply: the next pause answers both. */
  speechStarted(): void {
    this.cancel();
  }

  dispose(): void {
    this.cancel();
  }

  private async searchThenReply(itemId: string, query: string): Promise<void> {
    const controller = new AbortController();
    this.search = controller;
    const started = performance.now();
    const budget = setTimeout(() => controller.abort(), this.opts.budgetMs);
    let passages: KnowledgePassage[] | null = null;
    let failed = false;
    try {
      // A search that ignores its signal still cannot hold the reply past the budget.
      passages = await untilAborted(this.opts.search(query, controller.signal), controller.signal);
    } catch {
      failed = !controller.signal.aborted;
    } finally {
      clearTimeout(budget);
    }
    const late = passages === null && !failed;
    if (this.search !== controller) return; // the caller spoke again meanwhile
    this.opts.searched?.({
      found: passages?.length ?? 0,
      searchMs: Math.round(performance.now() - started),
      late,
      failed,
    });
    this.reply(itemId, passages);
  }

  private reply(itemId: string, passages: KnowledgePassage[] | null): void {
    if (this.waiting?.itemId !== itemId) return;
    this.waiting = null;
    this.search = null;
    if (passages && passages.length > 0) this.opts.model.addContext(contextNote(passages));
    this.opts.model.createResponse();
  }

  private cancel(): void {
    if (this.waiting) clearTimeout(this.waiting.timer);
    this.waiting = null;
    this.search?.abort();
    this.search = null;
  }
}

/** The note the model gets: what was found, and how to use it. */
export function contextNote(passages: KnowledgePassage[]): string {
  const lines = passages.map((p, i) => {
    const text = p.text.length > PASSAGE_CHARS ? `${p.text.slice(0, PASSAGE_CHARS)}…` : p.text;
    return `[${i + 1}] ${p.title ? `${p.title}: ` : ""}${text}`;
  });
  return [
    "From the business's knowledge base, for the caller's last words (use only what answers them; say it in your own words, never read it out):",
    ...lines,
  ].join("\n");
}
