import type { AgentConfig } from "../domain/agent-config";
import type { Accent, Language } from "../domain/languages";
import type { Voice } from "../domain/voices";
import type { CallContext } from "./call-context";
import { allowedLanguages, startLanguage } from "./language-policy";
import { ACCENT_GUIDES, LANGUAGE_GUIDES } from "./languages";
import { VOICE_PRESENTATION } from "./voices";

/** The languages whose guidance the model gets: those it may speak on this call. */
export function guidedLanguages(config: AgentConfig, call: CallContext): Language[] {
  const allowed = allowedLanguages(config);
  const first = [startLanguage(config, call), config.language.primary];
  return [...new Set(allowed === "any" ? first : [...first, ...allowed])];
}

/** How to speak one language on the phone, with the accent when the agent has one for it. */
export function languageGuidance(language: Language, voice: Voice, accent?: Accent): string {
  const guide = LANGUAGE_GUIDES[language];
  const lines = [
    `## Speaking ${guide.name}${guide.nativeName === guide.name ? "" : ` (${guide.nativeName})`}`,
    `- Register: ${guide.register}`,
    `- Numbers and prices: ${guide.numbers}`,
    `- Dates and times: ${guide.datesAndTimes}`,
    `- Pronunciation: ${guide.pronunciation}`,
  ];
  const presentation = VOICE_PRESENTATION[voice];
  if (guide.selfReference && presentation !== "neutral") {
    lines.push(`- ${guide.selfReference[presentation]}`);
  }
  if (accent) {
    const a = ACCENT_GUIDES[accent];
    lines.push(
      `- Accent: speak ${guide.name} with a light ${a.name} accent, natural and never exaggerated. Sound: ${a.sound} Phrasing: ${a.phrasing} Local conventions: ${a.conventions}`,
    );
  }
  return lines.join("\n");
}
