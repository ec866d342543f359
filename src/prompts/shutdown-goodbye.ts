import type { AgentConfig } from "../domain/agent-config";
import type { CallContext } from "./call-context";
import { startLanguage } from "./language-policy";
import { LANGUAGE_GUIDES } from "./languages";
import { variablesFor } from "./variables";

/**
 * What the agent says when the gateway must end a live call to shut down (a deploy or restart):
 * the agent's own sentence when it has one, otherwise a short apology in the call's language.
 */
export function shutdownGoodbyeInstruction(config: AgentConfig, call: CallContext): string {
  if (config.shutdownGoodbyeText) {
    const text = variablesFor(config, call).fill(config.shutdownGoodbyeText);
    return `Say exactly this, and nothing else: "${text}"`;
  }
  const language = LANGUAGE_GUIDES[startLanguage(config, call)].name;
  return (
    "The call has to end now for a technical reason. In one short sentence, in the language " +
    `you are speaking with the caller (${language} unless they switched), apologise that you ` +
    "must end the call, invite them to call again, and say goodbye. Ask nothing."
  );
}
