import type { ChatCompletion, ChatCompletionCreateParams } from "openai/resources/chat/completions";
import { type RecordedRequest, recordRequest } from "./recorded-request";

/** What the fake answers next: a JSON value as the message content, raw text, or an HTTP error. */
export type ChatReply =
  | { json: unknown }
  | { text: string }
  | { refusal: string }
  | { status: number; error: string };

/**
 * A local server speaking OpenAI's Chat Completions wire format at /v1/chat/completions, on a
 * real port: checks the bearer key, records every request, answers with the reply it is given.
 * Any other path is recorded and answered 404 (tests point URLs here to prove nothing fetched them).
 */
export class FakeChatModel {
  readonly requests: RecordedRequest[] = [];
  reply: ChatReply = { json: {} };
  private readonly server: ReturnType<typeof Bun.serve>;

  constructor(readonly apiKey = "sk-test-drafting-key") {
    this.server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (r) => this.answer(r) });
  }

  get url(): string {
    return `http://127.0.0.1:${this.server.port}/v1`;
  }

  /** The chat requests received, as the client sent them. */
  get completions(): ChatCompletionCreateParams[] {
    return this.requests.filter((r) => r.path === "/v1/chat/completions").map((r) => r.body);
  }

  stop(): void {
    this.server.stop(true);
  }

  private async answer(request: Request): Promise<Response> {
    const recorded = await recordRequest(request);
    this.requests.push(recorded);
    if (recorded.path !== "/v1/chat/completions") return new Response("not found", { status: 404 });
    if (recorded.headers.authorization !== `Bearer ${this.apiKey}`)
      return Response.json({ error: { message: "Incorrect API key provided" } }, { status: 401 });
    const reply = this.reply;
    if ("status" in reply)
      return Response.json({ error: { message: reply.error } }, { status: reply.status });
    const body: ChatCompletion = {
      id: `chatcmpl-${this.requests.length}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: `${(recorded.body as ChatCompletionCreateParams).model}-2025-01-01`,
      choices: [
        {
          index: 0,
          finish_reason: "stop",
          logprobs: null,
          message: {
            role: "assistant",
            content:
              "json" in reply ? JSON.stringify(reply.json) : "text" in reply ? reply.text : null,
            refusal: "refusal" in reply ? reply.refusal : null,
          },
        },
      ],
    };
    return Response.json(body);
  }
}
