import type { Env } from "../config/env";
import type { Logger } from "../log/logger";
import { startGeminiSimulator } from "../models/gemini-simulator/server";
import { startModelSimulator } from "../models/simulator/server";
import type { ModelEndpoint } from "./model-legs";

/**
 * Where calls' model legs connect: OpenAI Realtime with a key, otherwise the built-in simulator,
 * reached through the very same client. Gemini agents go to Gemini Live with GEMINI_API_KEY, to
 * the built-in Gemini simulator when the gateway runs on simulators, and nowhere otherwise.
 */
export async function startModelBackend(env: Env, log: Logger) {
  const gemini: ModelEndpoint | null = env.GEMINI_API_KEY
    ? { baseUrl: env.GEMINI_BASE_URL, apiKey: env.GEMINI_API_KEY }
    : null;
  if (env.OPENAI_API_KEY) {
    const model = {
      mode: "openai" as const,
      baseUrl: env.OPENAI_BASE_URL,
      apiKey: env.OPENAI_API_KEY,
      gemini,
    };
    return { model, stop: async () => {} };
  }
  const simulator = await startModelSimulator({ port: 0 });
  const geminiSimulator = gemini ? null : await startGeminiSimulator({ port: 0 });
  log.info("no OPENAI_API_KEY: calls are answered by the built-in model simulator");
  const model = {
    mode: "simulator" as const,
    baseUrl: simulator.url,
    apiKey: "simulator",
    gemini: gemini ?? { baseUrl: geminiSimulator?.url ?? "", apiKey: "simulator" },
  };
  return {
    model,
    stop: async () => {
      await Promise.all([simulator.stop(), geminiSimulator?.stop()]);
    },
  };
}
