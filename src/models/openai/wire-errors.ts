import type { RealtimeError } from "openai/resources/realtime/realtime";
import type { ModelError } from "../model-leg";

/** An `error` event as data. Errors inside a session leave it usable unless auth failed. */
export function modelErrorFromWire(error: RealtimeError): ModelError {
  const code = error.code ?? undefined;
  const base = {
    message: error.message,
    ...(code && { code }),
    ...(error.event_id && { eventId: error.event_id }),
  };
  if (error.type === "authentication_error" || code === "invalid_api_key") {
    return { ...base, category: "auth", recoverable: false };
  }
  if (code === "rate_limit_exceeded" || error.type.includes("rate_limit")) {
    return { ...base, category: "rate_limit", recoverable: true };
  }
  if (error.type === "server_error") return { ...base, category: "server", recoverable: true };
  if (error.type === "invalid_request_error") {
    return { ...base, category: "invalid_request", recoverable: true };
  }
  return { ...base, category: "protocol", recoverable: true };
}
