import type { Accent, Language } from "../../domain/languages";
import { ARABIC } from "./arabic";
import { HINDI, JAPANESE, KOREAN, THAI, VIETNAMESE } from "./asian";
import { CANTONESE, CANTONESE_ACCENTS, MANDARIN, MANDARIN_ACCENTS } from "./chinese";
import { ENGLISH, ENGLISH_ACCENTS } from "./english";
import { FRENCH, GERMAN, ITALIAN, PORTUGUESE, RUSSIAN } from "./european";
import type { AccentGuide, LanguageGuide } from "./guide";
import { SPANISH, SPANISH_ACCENTS } from "./spanish";

export type { AccentGuide, LanguageGuide } from "./guide";

/** Phone guidance for every language an agent can speak; the type makes a missing one an error. */
export const LANGUAGE_GUIDES: Record<Language, LanguageGuide> = {
  en: ENGLISH,
  zh: MANDARIN,
  yue: CANTONESE,
  es: SPANISH,
  fr: FRENCH,
  de: GERMAN,
  ja: JAPANESE,
  ko: KOREAN,
  pt: PORTUGUESE,
  it: ITALIAN,
  ru: RUSSIAN,
  ar: ARABIC,
  hi: HINDI,
  th: THAI,
  vi: VIETNAMESE,
};

export const ACCENT_GUIDES: Record<Accent, AccentGuide> = {
  ...ENGLISH_ACCENTS,
  ...MANDARIN_ACCENTS,
  ...CANTONESE_ACCENTS,
  ...SPANISH_ACCENTS,
};
