/** The realtime models' prebuilt voices an agent can speak with. Pure data: the console uses it too. */
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
] as const;
/** Gemini Live's prebuilt voices (its half-cascade and native-audio models share them). */
export const GEMINI_VOICES = [
  "Puck",
  "Charon",
  "Kore",
  "Fenrir",
  "Aoede",
  "Leda",
  "Orus",
  "Zephyr",
] as const;
export const VOICES = [...OPENAI_VOICES, ...GEMINI_VOICES] as const;
export type Voice = (typeof VOICES)[number];
