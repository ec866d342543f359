import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { AnalysisFailure } from "../../analysis/analysis-model";
import type { CallAnalyst } from "../../analysis/call-analyst";
import { SENTIMENTS } from "../../domain/agent-analysis";
import type { CallAnalysis } from "../../domain/call-analysis";
import { conflict, notFound } from "../../domain/errors";
import type { AgentStore } from "../../store/agents";
import type { CallAnalysisStore } from "../../store/call-analyses";
import type { CallStore } from "../../store/calls";
import type { AppEnv } from "../context";
import { errorResponse } from "../errors";
import { conflictResponse, failure, named, resourceId, responses } from "../schemas";
import { scopeOf } from "../scope";
import { validate } from "../validate";

export const CallAnalysisSchema = named(
  "CallAnalysis",
  v.object({
    callId: v.string(),
    summary: v.string(),
    outcome: v.pipe(
      v.string(),
      v.description(
        "One of the agent's analysis.outcomes; no_conversation when the caller never spoke",
      ),
    ),
    sentiment: v.picklist(SENTIMENTS),
    fields: v.pipe(
      v.record(v.string(), v.unknown()),
      v.description("What the agent's analysis.fields schema asks for; null where not said"),
    ),
    model: v.pipe(v.nullable(v.string()), v.description("The model that answered; null if none")),
    createdAt: v.string(),
  }),
);

/** The analysis as the API shows it (the tenant is the conversation's). */
export const analysisView = ({ tenantId: _, ...shown }: CallAnalysis) => shown;

const CallParam = v.object({ callId: resourceId("call") });
const tags = ["Conversations"];

export interface ConversationAnalysisDeps {
  calls: CallStore;
  analyses: CallAnalysisStore;
  agents: AgentStore;
  analyst: Pick<CallAnalyst, "analyse">;
}

/** A conversation's post-call analysis: read it, or have it made again. */
export function conversationAnalysisRoutes(deps: ConversationAnalysisDeps) {
  return new Hono<AppEnv>()
    .get(
      "/:callId/analysis",
      describeRoute({
        tags,
        summary: "Get a conversation's post-call analysis",
        description:
          "Made in the background once the call ended: summary, outcome, sentiment and the " +
          "agent's fields. 404 until it is ready, or when the agent's analysis is turned off.",
        responses: responses(CallAnalysisSchema),
      }),
      validate("param", CallParam),
      async (c) => {
        const call = await deps.calls.get(scopeOf(c.get("principal")), c.req.valid("param").callId);
        const analysis = await deps.analyses.get(call.id);
        if (!analysis) throw notFound("analysis");
        return c.json(analysisView(analysis));
      },
    )
    .post(
      "/:callId/analysis",
      describeRoute({
        tags,
        summary: "Analyse an ended conversation again",
        description:
          "Runs the analysis now with the agent version that answered the call (the draft for a " +
          "test call), replaces the stored one and sends `call.analysis.ready` again.",
        responses: {
          ...responses(CallAnalysisSchema),
          ...conflictResponse("The call has not ended, or the agent's analysis is turned off"),
          502: failure("The analysis model failed or gave an invalid answer; details.reason says"),
        },
      }),
      validate("param", CallParam),
      async (c) => {
        const call = await deps.calls.get(scopeOf(c.get("principal")), c.req.valid("param").callId);
        if (call.status !== "ended") throw conflict("the call has not ended yet");
        const config =
          call.agentVersion > 0
            ? (await deps.agents.getVersion(null, call.agentId, call.agentVersion)).config
            : (await deps.agents.get(null, call.agentId)).draft;
        try {
          const analysis = await deps.analyst.analyse({
            id: call.id,
            tenantId: call.tenantId,
            config,
          });
          if (!analysis) throw conflict("analysis is turned off for this agent (analysis.enabled)");
          return c.json(analysisView(analysis));
        } catch (error) {
          if (!(error instanceof AnalysisFailure)) throw error;
          return errorResponse(c, 502, "analysis_failed", error.message, { reason: error.reason });
        }
      },
    );
}
