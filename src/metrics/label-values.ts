import { CALL_CHANNELS, type EndReason } from "../domain/call";

// The closed lists of label values the gateway's metrics use. Anything else is counted as
// `other`, so no id, number or secret can reach a label.

export const CHANNELS = CALL_CHANNELS;

/** Every end reason; `satisfies` makes the compiler ask for a new one here. */
const END_REASON_SET = {
  caller_hung_up: true,
  agent_ended: true,
  hung_up_by_api: true,
  silence_timeout: true,
  max_duration: true,
  model_unavailable: true,
  media_failed: true,
  connect_timeout: true,
  provider_terminated: true,
  rejected: true,
  quota_exceeded: true,
  no_answer: true,
  no_permission: true,
  permission_rejected: true,
  provider_failed: true,
  gateway_shutdown: true,
  gateway_restarted: true,
  error: true,
} as const satisfies Record<EndReason, true>;
export const END_REASONS = Object.keys(END_REASON_SET) as EndReason[];

/** Provider webhook routes: Meta's WhatsApp Cloud API (platform or a tenant's app), and Wati. */
export const WEBHOOK_ROUTE_KINDS = ["whatsapp_meta", "wati"] as const;
export const STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx"] as const;

/** The after-call steps (startup/call-engine.ts). */
export const AFTER_CALL_STEPS = ["transcript", "recording", "analysis"] as const;
export const STEP_OUTCOMES = ["ok", "failed"] as const;

export const OUTBOX_QUEUES = ["fan_out", "webhook_deliveries", "pubsub"] as const;

/** Session-store backends and operations; a store reports each operation under one of these. */
export const SESSION_STORE_BACKENDS = ["memory", "redis", "upstash-rest"] as const;
/** The session store's operations (src/session/session-store.ts), one label value each. */
export const SESSION_STORE_OPERATIONS = [
  "get",
  "set",
  "set_if_absent",
  "compare_and_set",
  "compare_and_delete",
  "increment",
  "acquire_slot",
  "release_slot",
  "slots_taken",
  "delete",
  "keys",
  "ping",
] as const;
