import type { ApiOperations, Conversation } from "../../api/api-types.gen";

export type EndReason = NonNullable<ApiOperations["GET /v1/conversations"]["query"]["endReason"]>;
export type Channel = Conversation["channel"];

/** Why a call ended, as a business reads it (every reason the API knows, so a filter can offer them). */
export const END_REASON_LABELS: Record<EndReason, string> = {
  caller_hung_up: "The caller hung up",
  agent_ended: "The agent ended it",
  hung_up_by_api: "Hung up through the API",
  silence_timeout: "The caller stayed silent",
  max_duration: "Reached the longest call allowed",
  model_unavailable: "The speech model was unavailable",
  media_failed: "The audio connection failed",
  connect_timeout: "The caller's audio never connected",
  provider_terminated: "The phone provider ended it",
  rejected: "Rejected",
  quota_exceeded: "The month's minutes were used up",
  no_answer: "No answer",
  busy: "The line was busy",
  transferred: "Handed to a person",
  no_permission: "No permission to call",
  permission_rejected: "Permission to call was refused",
  permission_expired: "The permission request went unanswered",
  provider_failed: "The phone provider failed",
  gateway_shutdown: "The gateway shut down",
  gateway_restarted: "The gateway restarted",
  error: "An error",
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  web: "Web",
  whatsapp_cloud: "WhatsApp",
  wati: "WhatsApp (WATI)",
  livekit: "LiveKit",
  phone: "Phone",
};

/** An end reason in words; one the console does not know yet is shown as the API sent it. */
export function endReasonLabel(reason: string | null): string {
  if (reason === null) return "—";
  return END_REASON_LABELS[reason as EndReason] ?? reason;
}

export function isEndReason(value: string): value is EndReason {
  return Object.hasOwn(END_REASON_LABELS, value);
}

export function isChannel(value: string): value is Channel {
  return Object.hasOwn(CHANNEL_LABELS, value);
}

/** A length of time as the transcript shows it: 75_400 ms → "1:15". */
export function formatClock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}
