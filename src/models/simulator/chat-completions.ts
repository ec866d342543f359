import { conversationOf, simulatedValue, strictSchemaProblem } from "./structured-output";

interface ChatRequest {
  model?: unknown;
  messages?: unknown;
  response_format?: {
    type?: string;
    json_schema?: { name?: string; schema?: Record<string, unknown>; strict?: boolean };
  };
}

const badRequest = (message: string, param: string) =>
  Response.json(
    { error: { message, type: "invalid_request_error", param, code: null } },
    { status: 400 },
  );

/**
 * `POST /v1/chat/completions` in OpenAI's wire format. With a `json_schema` response format the
 * answer is a value that follows the schema, read from the conversation (see structured-output);
 * strict schemas are checked as the real service checks them. Otherwise it answers a fixed line.
 */
export async function answerChatCompletion(request: Request): Promise<Response> {
  let body: ChatRequest;
  try {
    body = (await request.json()) as ChatRequest;
  } catch {
    return badRequest("the body is not JSON", "body");
  }
  if (typeof body.model !== "string" || !body.model)
    return badRequest("model is required", "model");
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    return badRequest("messages must be a non-empty list", "messages");
  const text = body.messages
    .map((m: { content?: unknown }) => (typeof m?.content === "string" ? m.content : ""))
    .join("\n");
  const format = body.response_format;
  let content = "This is the simulated model.";
  if (format?.type === "json_schema") {
    const schema = format.json_schema?.schema;
    if (!schema || typeof schema !== "object")
      return badRequest("json_schema.schema is required", "response_format");
    if (format.json_schema?.strict) {
      const problem = strictSchemaProblem(schema);
      if (problem)
        return badRequest(`Invalid schema for response_format: ${problem}`, "response_format");
    }
    content = JSON.stringify(simulatedValue(schema, conversationOf(text)));
  }
  const promptTokens = Math.ceil(text.length / 4);
  const completionTokens = Math.ceil(content.length / 4);
  return Response.json({
    id: `chatcmpl-sim-${crypto.randomUUID()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [
      {
        index: 0,
        finish_reason: "stop",
        logprobs: null,
        message: { role: "assistant", content, refusal: null },
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  });
}
