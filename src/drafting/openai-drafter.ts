import OpenAI, { APIConnectionTimeoutError, APIError } from "openai";
import { type AgentDrafter, DraftingError, type DraftResult } from "./agent-drafter";
import { checkDraft, DRAFT_JSON_SCHEMA } from "./draft-output";
import type { DraftRequest } from "./draft-request";

export interface OpenAIDrafterOptions {
  apiKey: string;
  baseUrl: string;
  model: string;
  /** How long one drafting request may take (default 60 s). */
  timeoutMs?: number;
}

const GUIDE = `You write the configuration of a phone voice agent for a business, as JSON that follows the given schema.
- instructions: the agent's task in the second person ("You ..."), 80 to 250 words: what callers want, the steps to handle each, what to collect and confirm. Refer to the business as {{company}}.
- persona: a first name, a role and a personality that fit the business and its tone; company is the business's name.
- business: only facts you were given (description, services, website). Never invent prices, hours, addresses or phone numbers.
- rules: two to six short "always" or "never" rules the business would want.
- greeting: mode "fixed" with one or two short sentences in the agent's language, using {{company}} and {{agent_name}}; or mode "generated".
- language: the language callers will speak (use the one requested when given); an accent only if requested.
- voice: one of the listed voices that suits the persona.
- tools: built-in tools only; include end_call.
- suggestedTools: up to five snake_case tools the business should connect (booking, look-ups), each with what it must do.
- name and description: a short name and one sentence describing the agent.`;

/** What the model is told about the business: the request, minus what is not about it. */
function briefOf(request: DraftRequest): string {
  const { description, brandKit, language, accent } = request;
  const kit = brandKit && {
    name: brandKit.name,
    tone: brandKit.tone,
    services: brandKit.services,
    website: brandKit.website,
    colors: brandKit.colors,
  };
  return JSON.stringify({ description, brandKit: kit, language, accent });
}

/** Drafts with a chat model and a JSON schema response format, then checks the answer. */
export class OpenAIDrafter implements AgentDrafter {
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAIDrafterOptions) {
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      timeout: options.timeoutMs ?? 60_000,
      maxRetries: 1,
    });
  }

  async draft(request: DraftRequest, signal?: AbortSignal): Promise<DraftResult> {
    const completion = await this.client.chat.completions
      .create(
        {
          model: this.options.model,
          messages: [
            { role: "system", content: GUIDE },
            { role: "user", content: briefOf(request) },
          ],
          response_format: {
            type: "json_schema",
            json_schema: { name: "agent_draft", schema: DRAFT_JSON_SCHEMA, strict: false },
          },
        },
        signal ? { signal } : {},
      )
      .catch((error: unknown) => {
        throw asDraftingError(error);
      });
    const message = completion.choices[0]?.message;
    if (message?.refusal)
      throw new DraftingError("refused", `the drafting model refused: ${message.refusal}`);
    let answer: unknown;
    try {
      answer = JSON.parse(message?.content ?? "");
    } catch {
      throw new DraftingError("invalid_answer", "the drafting model's answer is not JSON");
    }
    const checked = checkDraft(answer);
    if (!checked.ok) {
      throw new DraftingError(
        "invalid_answer",
        `the drafting model's config is not valid (${checked.problems}); try again`,
      );
    }
    return {
      ...checked.draft,
      source: "model",
      model: completion.model || this.options.model,
      notes: request.brandKit?.logoUrl ? ["The logo was not fetched."] : [],
    };
  }
}

/** The client's failure in words that name the cause but never echo the key or the request. */
function asDraftingError(error: unknown): DraftingError {
  if (error instanceof APIConnectionTimeoutError)
    return new DraftingError("timeout", "the drafting model did not answer in time");
  if (error instanceof APIError && error.status !== undefined) {
    if (error.status === 401 || error.status === 403)
      return new DraftingError(
        "unavailable",
        "the drafting model refused the configured OPENAI_API_KEY",
      );
    if (error.status === 429)
      return new DraftingError(
        "unavailable",
        "the drafting model is rate limiting; try again later",
      );
    return new DraftingError("unavailable", `the drafting model failed (HTTP ${error.status})`);
  }
  if (error instanceof APIError)
    return new DraftingError("unavailable", "the drafting model could not be reached");
  return new DraftingError("unavailable", "the drafting model failed");
}
