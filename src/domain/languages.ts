/** The languages and accents agents can speak, as the original service offered them. */
export const LANGUAGES = [
  "en",
  "zh",
  "yue",
  "es",
  "fr",
  "de",
  "ja",
  "ko",
  "pt",
  "it",
  "ru",
  "ar",
  "hi",
  "th",
  "vi",
] as const;
export type Language = (typeof LANGUAGES)[number];

export const ACCENTS = [
  // English
  "en-IN",
  "en-SG",
  "en-MY",
  "en-PH",
  "en-HK",
  "en-US",
  "en-GB",
  "en-AU",
  "en-NZ",
  "en-CA",
  "en-IE",
  "en-GB-SCT",
  "en-ZA",
  "en-NG",
  "en-KE",
  "en-US-south",
  "en-US-newyork",
  "en-US-boston",
  "en-GB-london",
  "en-GB-liverpool",
  "en-GB-manchester",
  // Mandarin
  "zh-CN",
  "zh-TW",
  "zh-SG",
  // Cantonese
  "yue-HK",
  "yue-GD",
  // Spanish
  "es-ES",
  "es-MX",
  "es-419",
] as const;
export type Accent = (typeof ACCENTS)[number];
export type EnglishAccent = Extract<Accent, `en-${string}`>;
export type MandarinAccent = Extract<Accent, `zh-${string}`>;
export type CantoneseAccent = Extract<Accent, `yue-${string}`>;
export type SpanishAccent = Extract<Accent, `es-${string}`>;

/** Which language an accent belongs to: the accent must match the agent's language. */
export function accentLanguage(accent: Accent): Language {
  return accent.split("-")[0] as Language;
}

/** Tags that name Cantonese rather than Mandarin. */
const CANTONESE_TAGS = new Set(["yue", "zh-yue", "zh-hk", "zh-mo", "cantonese"]);
const LANGUAGE_WORDS: Record<string, Language> = {
  english: "en",
  mandarin: "zh",
  chinese: "zh",
  spanish: "es",
  french: "fr",
  german: "de",
  japanese: "ja",
  korean: "ko",
  portuguese: "pt",
  italian: "it",
  russian: "ru",
  arabic: "ar",
  hindi: "hi",
  thai: "th",
  vietnamese: "vi",
};

/**
 * The language a provider's tag names ("es", "pt_BR", "zh-HK", "English"), or undefined when it
 * names none the agents speak.
 */
export function languageFromTag(tag: string | undefined): Language | undefined {
  const t = tag?.trim().toLowerCase().replaceAll("_", "-");
  if (!t) return undefined;
  if (CANTONESE_TAGS.has(t)) return "yue";
  const base = t.split("-")[0] ?? "";
  if ((LANGUAGES as readonly string[]).includes(base)) return base as Language;
  return LANGUAGE_WORDS[t];
}
