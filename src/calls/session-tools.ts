import type { AgentConfig } from "../domain/agent-config";
import type { ModelLeg } from "../models/model-leg";
import { variablesFor } from "../prompts/variables";
import type { CallRequest, CallTarget } from "./call-request";
import type { KnowledgeSearch } from "./knowledge-port";
import { KnowledgeTurns, searchesEachTurn } from "./knowledge-turns";
import type { SessionTools } from "./tool-calls";
import type { Toolbox, ToolRunner } from "./tool-port";

/** How long a reply that waits for knowledge waits for the caller's final transcript first. */
export const TRANSCRIPT_WAIT_MS = 1500;

type KnowledgeFor = (settings: AgentConfig["knowledge"]) => KnowledgeSearch;

/** What a call's session may use: the agent's tools, its knowledge, the channel's abilities, its cue. */
export function sessionTools(
  request: CallRequest<unknown>,
  deps: { tools?: ToolRunner; knowledge?: KnowledgeFor; cues?: ReadonlyMap<string, Int16Array> },
): SessionTools {
  const { target, context } = request;
  const { config } = target;
  const external: Toolbox | undefined = deps.tools?.open(
    {
      tenantId: target.tenantId,
      agentId: target.agentId,
      version:
        target.draftRevision === undefined ? `v${target.version}` : `draft:${target.draftRevision}`,
    },
    config.tools,
    variablesFor(config, context).all,
  );
  return {
    tenantId: target.tenantId,
    external,
    knowledge: deps.knowledge?.(config.knowledge),
    abilities: request.abilities ?? {},
    cue: config.workingCue.enabled ? deps.cues?.get(config.workingCue.sound) : undefined,
  };
}

/** Per-turn knowledge search, for agents that have knowledge and a gateway that can search it. */
export function knowledgeTurnsFor(
  target: CallTarget,
  model: ModelLeg,
  knowledgeFor: KnowledgeFor | undefined,
): KnowledgeTurns | undefined {
  const { config } = target;
  const knowledge = knowledgeFor?.(config.knowledge);
  if (!knowledge || !searchesEachTurn(config)) return undefined;
  return new KnowledgeTurns({
    model,
    search: (query, signal) =>
      knowledge.search({
        tenantId: target.tenantId,
        collectionIds: config.knowledge.collections,
        query,
        limit: config.knowledge.topK,
        signal,
      }),
    budgetMs: config.knowledge.turnBudgetMs,
    transcriptWaitMs: TRANSCRIPT_WAIT_MS,
  });
}
