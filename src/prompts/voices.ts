import type { AgentConfig, Voice } from "../domain/agent-config";
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
};

/** The agent's own voice, or the default voice of the language the call starts in. */
export function voiceFor(config: AgentConfig, call: CallContext): Voice {
  return config.voice.name ?? LANGUAGE_GUIDES[startLanguage(config, call)].defaultVoice;
}
