import type { Env } from "../config/env";
import type { Logger } from "../log/logger";
import { startModelSimulator } from "../models/simulator/server";

/**
 * Where calls' model legs connect: OpenAI Realtime with a key, otherwise the built-in simulator,
 * reached through the very same client.
 */
export async function startModelBackend(env: Env, log: Logger) {
  if (env.OPENAI_API_KEY) {
    const model = {
      mode: "openai" as const,
      baseUrl: env.OPENAI_BASE_URL,
      apiKey: env.OPENAI_API_KEY,
    };
    return { model, stop: async () => {} };
  }
  const simulator = await startModelSimulator({ port: 0 });
  log.info("no OPENAI_API_KEY: calls are answered by the built-in model simulator");
  const model = { mode: "simulator" as const, baseUrl: simulator.url, apiKey: "simulator" };
  return { model, stop: () => simulator.stop() };
}
