import type { WebhookDelivery } from "../../api/api-types.gen";

export type EventType = WebhookDelivery["eventType"];

/**
 * The events an endpoint may ask for, in the order a call sends them, with what each says. A
 * type the API adds is missing here until it is described (the typecheck fails).
 */
export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  "call.started": "A call started",
  "call.answered": "A call was answered",
  "call.ended": "A call ended",
  "call.transcript.ready": "A call's final transcript is ready",
  "call.recording.ready": "A call's recording is ready",
  "call.analysis.ready": "A call's analysis is ready",
  "tool.failed": "A tool call failed during a call",
};

export const EVENT_TYPES = Object.keys(EVENT_TYPE_LABELS) as EventType[];

/** An endpoint's event types in words: null (or all of them) is every event. */
export function describeEventTypes(types: readonly EventType[] | null): string {
  if (types === null || types.length === EVENT_TYPES.length) return "Every event";
  return types.join(", ");
}
