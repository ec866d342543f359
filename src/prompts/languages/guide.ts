import type { Voice } from "../../domain/voices";

/**
 * How to speak one language on the phone, as data the prompt builder renders. Each field is
 * advice a voice model can act on; none of it is shown to callers.
 */
export interface LanguageGuide {
  /** The language's English name, as the instructions name it. */
  name: string;
  /** The language's own name for itself, so the model recognises what is meant. */
  nativeName: string;
  /** The voice an agent speaks with when its config names none. */
  defaultVoice: Voice;
  /** ISO-639-1 code for the transcription model. */
  transcriptionCode: string;
  /** A hint for the transcription model when the code alone is not enough (Cantonese). */
  transcriptionPrompt?: string;
  /** Formal or familiar address, politeness words, how to address the caller. */
  register: string;
  /** Prices, large numbers and phone numbers as people say them. */
  numbers: string;
  /** Dates, days and clock times as people say them. */
  datesAndTimes: string;
  /** Sounds, names, spelling, loanwords. */
  pronunciation: string;
  /** Grammar that follows the speaker's gender: which forms fit a female or male voice. */
  selfReference?: { female: string; male: string };
}

/** How to colour a language with a regional accent: lightly, never as a caricature. */
export interface AccentGuide {
  /** What the accent is called, e.g. "Scottish English". */
  name: string;
  /** Sound features to emulate lightly. */
  sound: string;
  /** Local words and politeness; when to use local expressions. */
  phrasing: string;
  /** Local money, phone numbers and dates, where they differ from the language's guide. */
  conventions: string;
}
