import type { AgentConfig } from "../../api/api-types.gen";

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

export const ACCENTS = [
  "en-US",
  "en-GB",
  "en-AU",
  "en-NZ",
  "en-CA",
  "en-IE",
  "en-GB-SCT",
  "en-IN",
  "en-SG",
  "en-MY",
  "en-PH",
  "en-HK",
  "en-ZA",
  "en-NG",
  "en-KE",
  "en-US-south",
  "en-US-newyork",
  "en-US-boston",
  "en-GB-london",
  "en-GB-liverpool",
  "en-GB-manchester",
  "zh-CN",
  "zh-TW",
  "zh-SG",
  "yue-HK",
  "yue-GD",
  "es-ES",
  "es-MX",
  "es-419",
] as const satisfies readonly Accent[];
covers<Covers<Accent, typeof ACCENTS>>();

export const OPENAI_VOICES = [
  "alloy",
  "ash",
  "ballad",
  "coral",
  "echo",
  "sage",
  "shimmer",
  "verse",
  "marin",
  "cedar",
] as const satisfies readonly Voice[];
export const GEMINI_VOICES = [
  "Puck",
  "Charon",
  "Kore",
  "Fenrir",
  "Aoede",
  "Leda",
  "Orus",
  "Zephyr",
] as const satisfies readonly Voice[];
covers<Covers<Voice, [...typeof OPENAI_VOICES, ...typeof GEMINI_VOICES]>>();

export const BUILTIN_TOOLS = {
  end_call: "End the call",
  transfer_call: "Transfer the call",
  switch_language: "Switch language",
  switch_accent: "Switch accent",
  lookup_knowledge: "Search the knowledge base",
  send_whatsapp_message: "Text the WhatsApp caller",
} satisfies Record<BuiltinName, string>;
