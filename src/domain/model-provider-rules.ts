import type * as v from "valibot";
import type { AgentConfigFields, ModelProvider } from "./agent-config";
import { GEMINI_VOICES, OPENAI_VOICES } from "./voices";

// Typed from the fields alone: the whole schema's check calls this function.
type Fields = v.InferOutput<typeof AgentConfigFields>;
type Config = Pick<Fields, "model" | "voice" | "turnDetection" | "knowledge">;

// A function, not a constant: agent-config.ts imports this module while it is still loading.
const voicesOf = (provider: ModelProvider): readonly string[] =>
  provider === "gemini" ? GEMINI_VOICES : OPENAI_VOICES;

/**
 * What in `config` its model provider cannot do, one sentence each naming the field; empty when
 * all fits. Gemini Live has its own voices and models, no semantic or idle-timeout turn
 * detection, no speaking speed, and starts replies itself (so no knowledge search per turn).
 */
export function providerMismatches(config: Config): string[] {
  const provider = config.model.provider;
  const issues: string[] = [];
  const voice = config.voice.name;
  if (voice !== undefined && !voicesOf(provider).includes(voice)) {
    issues.push(
      `voice.name ${voice} is not one of the ${provider} voices (${voicesOf(provider).join(", ")})`,
    );
  }
  const name = config.model.name;
  const geminiName = name?.startsWith("gemini-") ?? false;
  if (name !== undefined && geminiName !== (provider === "gemini")) {
    issues.push(
      provider === "gemini"
        ? `model.name ${name} is not a Gemini Live model (names start with gemini-)`
        : `model.name ${name} is a Gemini model: set model.provider to gemini`,
    );
  }
  if (provider !== "gemini") return issues;
  if (config.turnDetection.type === "semantic_vad")
    issues.push("turnDetection.type semantic_vad is not available on gemini (use server_vad)");
  if (config.turnDetection.type === "server_vad" && config.turnDetection.idleTimeoutMs)
    issues.push("turnDetection.idleTimeoutMs is not available on gemini");
  if (config.voice.speed !== 1) issues.push("voice.speed other than 1 is not available on gemini");
  const { knowledge } = config;
  const hasKnowledge = knowledge.collections.length > 0 || knowledge.provider !== "none";
  if (hasKnowledge && knowledge.turnBudgetMs > 0) {
    issues.push(
      "knowledge.turnBudgetMs must be 0 on gemini (it starts replies itself; the agent " +
        "searches with lookup_knowledge instead)",
    );
  }
  return issues;
}

/** The model the agent runs on: its own, or its provider's default. */
export function modelNameOf(config: Pick<Fields, "model">): string {
  return config.model.name ?? DEFAULT_NAMES[config.model.provider];
}

const DEFAULT_NAMES: Record<ModelProvider, string> = {
  openai: "gpt-realtime",
  gemini: "gemini-2.5-flash-native-audio-preview-09-2025",
};
