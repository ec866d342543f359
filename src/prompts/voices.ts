import type { AgentConfig } from "../domain/agent-config";
import type { Voice } from "../domain/voices";
import type { CallContext } from "./call-context";
import { startLanguage } from "./language-policy";
import { LANGUAGE_GUIDES } from "./languages";

/** How each voice sounds to a listener: languages with gendered self-reference follow it. */
export const VOICE_PRESENTATION: Record<Voice, "female" | "male" | "neutral"> = {
  alloy: "neutral",
  ash: "male",
  ballad: "male",
  coral: "female",
  echo: "male",
  sage: "female",
  shimmer: "female",
  verse: "male",
  marin: "female",
  cedar: "male",
  Puck: "male",
  Charon: "male",
  Kore: "female",
  Fenrir: "male",
  Aoede: "female",
  Leda: "female",
  Orus: "male",
  Zephyr: "female",
};

/** A Gemini agent without a voice of its own: one that presents like the language's default. */
const GEMINI_DEFAULTS = { female: "Kore", male: "Puck", neutral: "Zephyr" } as const;

/** The agent's own voice, or the default voice of the language the call starts in. */
export function voiceFor(config: AgentConfig, call: CallContext): Voice {
  if (config.voice.name) return config.voice.name;
  const languageDefault = LANGUAGE_GUIDES[startLanguage(config, call)].defaultVoice;
  if (config.model.provider !== "gemini") return languageDefault;
  return GEMINI_DEFAULTS[VOICE_PRESENTATION[languageDefault]];
}
