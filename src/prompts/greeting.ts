import type { AgentConfig } from "../domain/agent-config";
import type { CallContext } from "./call-context";
import { startLanguage } from "./language-policy";
import { LANGUAGE_GUIDES } from "./languages";
import { type VariableValues, variablesFor } from "./variables";

const sayExactly = (text: string) => `Say exactly this greeting, and nothing else: "${text}"`;

/**
 * What the agent says first, as the instruction of its own response: a fixed text (variables
 * filled in), or an instruction to greet; null when the other side speaks first. A call the agent
 * places opens with `outbound.greeting` when there is one.
 */
export function greetingInstruction(
  config: AgentConfig,
  call: CallContext,
  values: VariableValues = variablesFor(config, call),
): string | null {
  const outbound = call.direction === "outbound";
  if (outbound && config.outbound.greeting)
    return sayExactly(values.fill(config.outbound.greeting));
  const { greeting } = config;
  if (greeting.mode === "none") return null;
  if (greeting.mode === "fixed" && greeting.text) return sayExactly(values.fill(greeting.text));
  const language = LANGUAGE_GUIDES[startLanguage(config, call)].name;
  const { name, company } = config.persona;
  const self = [name && `that you are ${name}`, company && `from ${company}`]
    .filter(Boolean)
    .join(" ");
  if (outbound) {
    const whom = call.contactName ? `greet ${call.contactName} by name` : "greet them";
    return `The person you called has just answered. In ${language}, ${whom}, say ${self || "who you are"}, say in a few words why you are calling, and ask whether now is a good time. Keep it to two short sentences.`;
  }
  return `Greet the caller in ${language} in one or two short sentences: say hello${self ? `, say ${self}` : ""}, and ask how you can help.`;
}
