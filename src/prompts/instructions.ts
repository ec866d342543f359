import type { AgentConfig } from "../domain/agent-config";
import { ACCENT_NAMES, LANGUAGE_NAMES } from "./language-names";

/** Per-call facts that fill `{{variables}}` and tell the agent who is calling. */
export interface CallContext {
  contactName?: string;
  contactNumber?: string;
  variables?: Record<string, string>;
}

/** Replaces `{{name}}` with its value; unknown names become empty rather than leaking braces. */
export function fillVariables(template: string, values: Record<string, string>): string {
  return template.replace(
    /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g,
    (_, name: string) => values[name] ?? "",
  );
}

export function variablesFor(config: AgentConfig, call: CallContext): Record<string, string> {
  return {
    ...config.variables,
    agent_name: config.persona.name ?? "",
    company: config.persona.company ?? "",
    contact_name: call.contactName ?? "",
    contact_number: call.contactNumber ?? "",
    ...call.variables,
  };
}

/** The model's instructions: the agent's own text, then the rules every phone agent follows. */
export function buildInstructions(config: AgentConfig, call: CallContext): string {
  const values = variablesFor(config, call);
  const parts: string[] = [];
  const { persona, language } = config;
  if (persona.name || persona.role || persona.company) {
    const who = [persona.name && `You are ${persona.name}`, persona.role && `the ${persona.role}`]
      .filter(Boolean)
      .join(", ");
    parts.push(
      `${who || "You are an assistant"}${persona.company ? ` at ${persona.company}` : ""}.`,
    );
  }
  if (persona.personality) parts.push(`Personality: ${persona.personality}`);
  if (config.instructions) parts.push(fillVariables(config.instructions, values));

  const primary = LANGUAGE_NAMES[language.primary];
  if (language.mode === "fixed")
    parts.push(`Always speak ${primary}, whatever language the caller uses.`);
  else {
    const allowed = language.allowed.length
      ? language.allowed.map((l) => LANGUAGE_NAMES[l]).join(", ")
      : "any language";
    parts.push(
      `Start in ${primary}. If the caller speaks another language (${allowed}), switch to it.`,
    );
  }
  if (language.accent) parts.push(`Speak with a ${ACCENT_NAMES[language.accent]} accent.`);

  parts.push(
    "This is a live phone call. Keep each answer short, one to three sentences. Speak naturally: no lists, markdown, emojis or URLs. Say numbers, dates and times the way people say them aloud.",
  );
  if (config.greeting.mode !== "none") {
    parts.push(
      "You have already greeted the caller at the start of the call; do not greet them again.",
    );
  }
  if (call.contactName) parts.push(`The caller's name is ${call.contactName}.`);
  if (config.tools.some((t) => t.type === "builtin" && t.name === "end_call")) {
    parts.push("When the conversation is finished, say goodbye, then call end_call.");
  }
  return parts.join("\n\n");
}

/** What the agent says first: the fixed text, or an instruction for the model to greet. */
export function greetingInstruction(config: AgentConfig, call: CallContext): string | null {
  const { greeting } = config;
  if (greeting.mode === "none") return null;
  if (greeting.mode === "fixed" && greeting.text) {
    return `Say exactly this greeting, and nothing else: "${fillVariables(greeting.text, variablesFor(config, call))}"`;
  }
  return "Greet the caller briefly and ask how you can help.";
}
