import type { AfterCallStep, EndedCall } from "../calls/after-call";
import { analysisSettingsOf, type Sentiment } from "../domain/agent-analysis";
import type { AgentConfig } from "../domain/agent-config";
import { type CallAnalysis, NO_CONVERSATION } from "../domain/call-analysis";
import type { Logger } from "../log/logger";
import type { CallAnalysisStore } from "../store/call-analyses";
import type { CallStore } from "../store/calls";
import { AnalysisFailure, type AnalysisModel } from "./analysis-model";
import {
  analysisAnswerSchema,
  analysisMessages,
  callerSpoke,
  transcriptText,
} from "./analysis-request";
import { conformanceProblem } from "./schema-conformance";

export interface CallAnalystDeps {
  calls: Pick<CallStore, "get" | "messages" | "addEvent">;
  analyses: CallAnalysisStore;
  model: AnalysisModel;
  log: Logger;
  /** Waits before each retry of a transient failure (default 1 s, then 4 s). */
  retryDelaysMs?: readonly number[];
}

/** The call an analysis is about: which call, whose, and the agent config that answered it. */
export type AnalysedCall = Pick<EndedCall, "id" | "tenantId"> & { config: AgentConfig };

interface ModelAnswer {
  summary: string;
  outcome: string;
  sentiment: Sentiment;
  fields: Record<string, unknown>;
}

/**
 * Reads an ended call's transcript and asks a model for its summary, outcome, sentiment and
 * the agent's fields, as a structured answer checked against the schema it was asked for.
 * A call whose caller never spoke is analysed without a model. Failures store nothing: they
 * are a line on the call and a log line, never with the transcript's words.
 */
export class CallAnalyst implements AfterCallStep {
  readonly name = "analysis";

  constructor(private readonly deps: CallAnalystDeps) {}

  /** The after-call step: failures are recorded on the call, not thrown. */
  async run(call: EndedCall): Promise<void> {
    try {
      await this.analyse(call);
    } catch (error) {
      if (!(error instanceof AnalysisFailure)) throw error;
    }
  }

  /** Analyses the call and stores the result (replacing any earlier one); null when turned off. */
  async analyse(call: AnalysedCall): Promise<CallAnalysis | null> {
    const settings = analysisSettingsOf(call.config);
    if (!settings.enabled) return null;
    // A conversation deleted before its analysis ran stays without one.
    if ((await this.deps.calls.get(null, call.id)).deletedAt) return null;
    const messages = await this.deps.calls.messages(call.id);
    if (!callerSpoke(messages)) {
      return this.deps.analyses.save({
        callId: call.id,
        tenantId: call.tenantId,
        summary: "The caller did not speak.",
        outcome: NO_CONVERSATION,
        sentiment: "neutral",
        fields: {},
        model: null,
      });
    }
    const schema = analysisAnswerSchema(settings);
    const question = { messages: analysisMessages(settings, transcriptText(messages)), schema };
    const delays = this.deps.retryDelaysMs ?? [1000, 4000];
    for (let attempt = 1; ; attempt++) {
      try {
        const { answer, model } = await this.deps.model.answer(question);
        const problem = conformanceProblem(schema, answer);
        if (problem)
          throw new AnalysisFailure(
            "invalid_answer",
            `the analysis model's answer does not follow the schema (${problem})`,
            false,
          );
        const { summary, outcome, sentiment, fields } = answer as ModelAnswer;
        const found = { summary, outcome, sentiment, fields, model };
        return await this.deps.analyses.save({
          callId: call.id,
          tenantId: call.tenantId,
          ...found,
        });
      } catch (error) {
        if (!(error instanceof AnalysisFailure)) throw error;
        const delay = delays[attempt - 1];
        if (error.transient && delay !== undefined) {
          await Bun.sleep(delay);
          continue;
        }
        await this.recordFailure(call.id, error, attempt);
        throw error;
      }
    }
  }

  private async recordFailure(callId: string, failure: AnalysisFailure, attempts: number) {
    const detail = {
      reason: failure.reason,
      message: failure.message,
      attempts,
      ...(failure.status !== undefined && { status: failure.status }),
    };
    this.deps.log.warn("call analysis failed", { callId, ...detail });
    await this.deps.calls.addEvent(callId, "analysis_failed", detail);
  }
}
