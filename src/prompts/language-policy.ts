import type { AgentConfig } from "../domain/agent-config";
import type { Language } from "../domain/languages";
import type { CallContext } from "./call-context";
import { LANGUAGE_GUIDES } from "./languages";

/** The languages an auto-switching agent may speak: its `allowed` list, or any when empty. */
export function allowedLanguages(config: AgentConfig): Language[] | "any" {
  const { language } = config;
  if (language.mode === "fixed") return [language.primary];
  if (language.allowed.length === 0) return "any";
  return language.allowed.includes(language.primary)
    ? language.allowed
    : [language.primary, ...language.allowed];
}

/**
 * The language the call starts in: the primary one, or the caller's own when the channel names
 * it (Wati's voiceLanguage) and the agent may switch to it. A fixed agent never moves.
 */
export function startLanguage(config: AgentConfig, call: CallContext): Language {
  const { primary, mode } = config.language;
  const heard = call.callerLanguage;
  if (mode === "fixed" || heard === undefined) return primary;
  const allowed = allowedLanguages(config);
  return allowed === "any" || allowed.includes(heard) ? heard : primary;
}

const nameOf = (language: Language) => LANGUAGE_GUIDES[language].name;

/** What the instructions say about which language to speak and when to change it. */
export function languagePolicy(
  config: AgentConfig,
  call: CallContext,
  toolNames: ReadonlySet<string>,
): string {
  const start = startLanguage(config, call);
  if (config.language.mode === "fixed") {
    const name = nameOf(start);
    return `Speak only ${name}, whatever language the caller uses. If they speak another language, answer in ${name}, and if they do not understand, say simply that you can only help in ${name}.`;
  }
  const allowed = allowedLanguages(config);
  const list =
    allowed === "any"
      ? "any language the caller speaks"
      : allowed.map((l) => `${nameOf(l)} (${l})`).join(", ");
  const lines = [
    `Start the call in ${nameOf(start)}.`,
    `You may speak ${list}. When the caller speaks one of these languages, answer in it from then on, until they change again. Do not change language because of a single foreign word or name.`,
  ];
  if (allowed !== "any") {
    lines.push(
      `If the caller speaks a language not on this list, keep to the current language and tell them briefly which languages you can help in.`,
    );
  }
  if (toolNames.has("switch_language")) {
    lines.push(
      "Each time you change language, first call switch_language with the new language's code, then answer in that language.",
    );
  }
  return lines.join(" ");
}
