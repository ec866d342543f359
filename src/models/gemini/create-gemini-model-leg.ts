import type { ModelLeg } from "../model-leg";
import { openRuntimeSocket, type SocketFactory } from "../openai/transport";
import { GeminiModelLeg, type GeminiModelLegOptions } from "./gemini-model-leg";

/**
 * A Gemini Live model leg. Point `baseUrl` at the Gemini simulator (`http://127.0.0.1:PORT`) to
 * run the same code without the real service.
 */
export function createGeminiModelLeg(
  options: Omit<GeminiModelLegOptions, "socketFactory"> & { socketFactory?: SocketFactory },
): ModelLeg {
  return new GeminiModelLeg({
    ...options,
    socketFactory: options.socketFactory ?? openRuntimeSocket,
  });
}
