/**
 * The simulator's structured answers: a value for any JSON schema of the kind structured outputs
 * take (types, enum, properties, items, nullable types), chosen from the conversation's text in a
 * fixed way, so a test knows what it will get. Properties named summary, outcome and sentiment
 * are read from the transcript; others get plain sample values.
 */

type Schema = Record<string, unknown>;

/** Words whose presence in what the caller said tips the sentiment. */
const POSITIVE = [
  "thank",
  "thanks",
  "great",
  "perfect",
  "wonderful",
  "excellent",
  "happy",
  "appreciate",
  "love",
  "good",
];
const NEGATIVE = [
  "angry",
  "bad",
  "terrible",
  "awful",
  "upset",
  "complaint",
  "cancel",
  "problem",
  "wrong",
  "disappointed",
  "worst",
  "hate",
];

/** The conversation as the simulator reads it: caller lines and all the text. */
export interface Conversation {
  callerLines: string[];
  agentLines: number;
  text: string;
}

/** Reads `Caller: …` and `Agent: …` lines out of the request's messages. */
export function conversationOf(text: string): Conversation {
  const lines = text.split("\n");
  const callerLines = lines.filter((l) => l.startsWith("Caller: ")).map((l) => l.slice(8).trim());
  const agentLines = lines.filter((l) => l.startsWith("Agent: ")).length;
  return { callerLines, agentLines, text: callerLines.join(" ").toLowerCase() };
}

export function simulatedSummary(talk: Conversation): string {
  const first = talk.callerLines[0];
  if (first === undefined) return "The caller did not speak.";
  const quoted = first.length > 120 ? `${first.slice(0, 117)}...` : first;
  const more = talk.callerLines.length - 1;
  const rest = more > 0 ? ` and ${more} more thing${more === 1 ? "" : "s"}` : "";
  return `The caller said "${quoted}"${rest}; the agent answered ${talk.agentLines} time${talk.agentLines === 1 ? "" : "s"}.`;
}

const words = (text: string) => text.split(/[^a-z0-9']+/).filter(Boolean);

export function simulatedSentiment(talk: Conversation): "positive" | "neutral" | "negative" {
  const said = words(talk.text);
  const score = (list: string[]) => said.filter((w) => list.includes(w)).length;
  const balance = score(POSITIVE) - score(NEGATIVE);
  return balance > 0 ? "positive" : balance < 0 ? "negative" : "neutral";
}

/** The first enum value whose words all occur in what the caller said; else the first. */
function enumChoice(values: unknown[], talk: Conversation): unknown {
  const said = new Set(words(talk.text));
  const found = values.find(
    (value) =>
      typeof value === "string" &&
      words(value.toLowerCase().replace(/_/g, " ")).every((w) => said.has(w)),
  );
  return found ?? values.find((value) => value !== null) ?? null;
}

/** A value that follows `schema`, for the property `name`, read from the conversation. */
export function simulatedValue(schema: Schema, talk: Conversation, name = "value"): unknown {
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const type = types.find((t) => t !== "null") ?? "null";
  if (Array.isArray(schema.enum)) {
    if (name === "sentiment" && schema.enum.includes(simulatedSentiment(talk)))
      return simulatedSentiment(talk);
    return enumChoice(schema.enum, talk);
  }
  switch (type) {
    case "string":
      return name === "summary" ? simulatedSummary(talk) : `simulated ${name}`;
    case "integer":
    case "number": {
      const digits = talk.text.match(/\d+/);
      return digits ? Number(digits[0]) : 1;
    }
    case "boolean":
      return words(name.toLowerCase().replace(/_/g, " ")).every((w) => talk.text.includes(w));
    case "array":
      return schema.items ? [simulatedValue(schema.items as Schema, talk, name)] : [];
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(
        Object.entries(properties).map(([key, property]) => [
          key,
          simulatedValue(property, talk, key),
        ]),
      );
    }
    default:
      return null;
  }
}

/**
 * What structured outputs' strict mode would refuse in `schema`: an object that is not closed
 * or leaves a property out of `required`. Null when it would take it.
 */
export function strictSchemaProblem(schema: Schema, path = "schema"): string | null {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes("object")) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    if (schema.additionalProperties !== false)
      return `${path}: additionalProperties must be false in strict mode`;
    const required = Array.isArray(schema.required) ? schema.required : [];
    const missing = Object.keys(properties).find((key) => !required.includes(key));
    if (missing !== undefined) return `${path}: required must list every property ('${missing}')`;
    for (const [key, property] of Object.entries(properties)) {
      const problem = strictSchemaProblem(property, `${path}.properties.${key}`);
      if (problem) return problem;
    }
  }
  if (types.includes("array") && schema.items)
    return strictSchemaProblem(schema.items as Schema, `${path}.items`);
  return null;
}
