import type { ModelLeg } from "../models/model-leg";

/**
 * What a call's trace keeps of its model, as plain data: a model leg on a call worker thread
 * reports these over the worker's channel, and the call's trace on the main thread records
 * them as it does its own model's. Ids and kinds only: no audio, text or tool arguments.
 */
export type ModelTraceEvent =
  | { kind: "connecting"; attempt: number }
  | { kind: "connected"; sessionNumber: number }
  | { kind: "reconnecting"; attempt: number }
  /** The leg closed; `errorType` says why when it failed. */
  | { kind: "closed"; errorType: string }
  | { kind: "response_created"; responseId: string }
  /** The first audio of a response (later chunks are not reported). */
  | { kind: "first_audio"; responseId: string }
  | { kind: "response_done"; responseId: string; status: string }
  | { kind: "speech_started" }
  | { kind: "tool_call"; toolCallId: string; name: string }
  | { kind: "tool_finished"; toolCallId: string; status: string }
  | { kind: "error"; category: string; recoverable: boolean; code?: string }
  | { kind: "session_rotated"; reason: string; sessionNumber: number };

/** Reports a model leg's events as trace events, as they happen. */
export function modelTraceEvents(model: ModelLeg, emit: (event: ModelTraceEvent) => void): void {
  /** Responses whose first audio was reported. */
  const heard = new Set<string>();
  model.on("connectionState", (state) => {
    if (state.status === "connecting") emit({ kind: "connecting", attempt: state.attempt });
    else if (state.status === "connected")
      emit({ kind: "connected", sessionNumber: state.sessionNumber });
    else if (state.status === "reconnecting")
      emit({ kind: "reconnecting", attempt: state.attempt });
    else if (state.status === "closed")
      emit({ kind: "closed", errorType: state.error?.category ?? "closed" });
  });
  model.on("responseCreated", ({ responseId }) => emit({ kind: "response_created", responseId }));
  model.on("audio", ({ responseId }) => {
    if (heard.has(responseId)) return;
    heard.add(responseId);
    emit({ kind: "first_audio", responseId });
  });
  model.on("responseDone", ({ responseId, status }) => {
    heard.delete(responseId);
    emit({ kind: "response_done", responseId, status });
  });
  model.on("speechStarted", () => emit({ kind: "speech_started" }));
  model.on("toolCall", ({ callId, name }) => emit({ kind: "tool_call", toolCallId: callId, name }));
  model.on("error", (error) =>
    emit({
      kind: "error",
      category: error.category,
      recoverable: error.recoverable,
      ...(error.code && { code: error.code }),
    }),
  );
  model.on("sessionRotated", ({ reason, sessionNumber }) =>
    emit({ kind: "session_rotated", reason, sessionNumber }),
  );
}
