/**
 * Events the gateway tells a business about, delivered to its webhook endpoints as
 * Standard Webhooks (`{type, timestamp, data}` bodies). The names are a contract.
 */
export const EVENT_TYPES = [
  "call.started",
  "call.answered",
  "call.ended",
  "call.transcript.ready",
  "call.recording.ready",
  "call.analysis.ready",
  "tool.failed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One event as recorded in the outbox, before it is fanned out to endpoints. */
export interface OutgoingEvent {
  tenantId: string;
  type: EventType;
  /** The call it is about: deliveries of one call's events keep their order. */
  callId: string | null;
  /** What the event says; never a secret or a full phone number. */
  data: Record<string, unknown>;
}
