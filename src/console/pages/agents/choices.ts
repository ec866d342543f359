import { ACCENTS } from "../../../domain/languages";
import { GEMINI_VOICES, OPENAI_VOICES } from "../../../domain/voices";
import type { AgentConfig } from "../../api/api-types.gen";

export { ACCENTS, GEMINI_VOICES, OPENAI_VOICES };

// The values the agent form offers, checked against the API's own types: a value the API adds
// or drops fails the typecheck here until the form offers it too.

type Config = Required<AgentConfig>;
type Language = NonNullable<Config["language"]["primary"]>;
type Accent = NonNullable<Config["language"]["accent"]>;
type Voice = NonNullable<Config["voice"]["name"]>;
type Tool = Config["tools"][number];
export type BuiltinName = Extract<Tool, { type: "builtin" }>["name"];

/** True only when `List` names every member of `Union`. */
type Covers<Union, List extends readonly unknown[]> = [Exclude<Union, List[number]>] extends [never]
  ? true
  : false;
const covers = <_ extends true>() => {};

export const LANGUAGE_NAMES: Record<Language, string> = {
  en: "English",
  zh: "Mandarin Chinese",
  yue: "Cantonese",
  es: "Spanish",
  fr: "French",
  de: "German",
  ja: "Japanese",
  ko: "Korean",
  pt: "Portuguese",
  it: "Italian",
  ru: "Russian",
  ar: "Arabic",
  hi: "Hindi",
  th: "Thai",
  vi: "Vietnamese",
};
export const LANGUAGES = Object.keys(LANGUAGE_NAMES) as Language[];

covers<Covers<Accent, typeof ACCENTS>>();

covers<Covers<Voice, [...typeof OPENAI_VOICES, ...typeof GEMINI_VOICES]>>();

export const BUILTIN_TOOLS = {
  end_call: "End the call",
  transfer_call: "Transfer the call",
  switch_language: "Switch language",
  switch_accent: "Switch accent",
  lookup_knowledge: "Search the knowledge base",
  send_whatsapp_message: "Text the WhatsApp caller",
} satisfies Record<BuiltinName, string>;
