import type { ModelLeg } from "../model-leg";
import { OpenAIModelLeg, type OpenAIModelLegOptions } from "./openai-model-leg";
import { openRuntimeSocket, type SocketFactory } from "./transport";

/**
 * An OpenAI Realtime (GA) model leg. Point `baseUrl` at the model simulator
 * (`http://127.0.0.1:PORT/v1`) to run the same code without the real service.
 */
export function createOpenAIModelLeg(
  options: Omit<OpenAIModelLegOptions, "socketFactory"> & { socketFactory?: SocketFactory },
): ModelLeg {
  return new OpenAIModelLeg({
    ...options,
    socketFactory: options.socketFactory ?? openRuntimeSocket,
  });
}
