import OpenAI, { APIConnectionError, APIError } from "openai";
import type { JsonSchema } from "../domain/analysis-fields";

export type AnalysisFailureReason = "unavailable" | "rejected" | "refused" | "invalid_answer";

/** Why an analysis could not be had; `transient` failures are worth another try. */
export class AnalysisFailure extends Error {
  override name = "AnalysisFailure";
  constructor(
    readonly reason: AnalysisFailureReason,
    message: string,
    readonly transient: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface AnalysisQuestion {
  messages: Array<{ role: "system" | "user"; content: string }>;
  schema: JsonSchema;
}

/** A model that answers with JSON following the given schema (the answer is checked after). */
export interface AnalysisModel {
  readonly model: string;
  answer(question: AnalysisQuestion): Promise<{ answer: unknown; model: string }>;
}

export interface OpenAIAnalysisModelOptions {
  apiKey: string;
  baseUrl: string;
  model: string;
  /** How long one request may take (default 60 s). */
  timeoutMs?: number;
}

/** Structured outputs through Chat Completions: a strict JSON schema response format. */
export class OpenAIAnalysisModel implements AnalysisModel {
  private readonly client: OpenAI;
  readonly model: string;

  constructor(options: OpenAIAnalysisModelOptions) {
    this.model = options.model;
    // Retries are the analysis step's, which counts and records them.
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      timeout: options.timeoutMs ?? 60_000,
      maxRetries: 0,
    });
  }

  async answer(question: AnalysisQuestion): Promise<{ answer: unknown; model: string }> {
    const completion = await this.client.chat.completions
      .create({
        model: this.model,
        messages: question.messages,
        response_format: {
          type: "json_schema",
          json_schema: { name: "call_analysis", schema: question.schema, strict: true },
        },
      })
      .catch((error: unknown) => {
        throw asFailure(error);
      });
    const message = completion.choices[0]?.message;
    if (message?.refusal)
      throw new AnalysisFailure("refused", "the analysis model refused to answer", false);
    try {
      return { answer: JSON.parse(message?.content ?? ""), model: completion.model || this.model };
    } catch {
      throw new AnalysisFailure("invalid_answer", "the analysis model's answer is not JSON", false);
    }
  }
}

/** The client's failure in words that name the cause, never the key or the transcript. */
function asFailure(error: unknown): AnalysisFailure {
  if (error instanceof APIConnectionError)
    return new AnalysisFailure("unavailable", "the analysis model could not be reached", true);
  if (error instanceof APIError && error.status !== undefined) {
    const status = error.status;
    const transient = status === 408 || status === 409 || status === 429 || status >= 500;
    if (status === 401 || status === 403)
      return new AnalysisFailure(
        "rejected",
        "the analysis model refused the configured key",
        false,
        status,
      );
    return new AnalysisFailure(
      transient ? "unavailable" : "rejected",
      `the analysis model failed (HTTP ${status})`,
      transient,
      status,
    );
  }
  return new AnalysisFailure("unavailable", "the analysis model failed", true);
}
