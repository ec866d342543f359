import { END_REASONS as ALL_END_REASONS, CALL_CHANNELS } from "../domain/call";

// The closed lists of label values the gateway's metrics use. Anything else is counted as
// `other`, so no id, number or secret can reach a label.

export const CHANNELS = CALL_CHANNELS;

export const END_REASONS = ALL_END_REASONS;

/** Provider webhook routes: Meta's WhatsApp Cloud API (platform or a tenant's app), and Wati. */
export const WEBHOOK_ROUTE_KINDS = ["whatsapp_meta", "wati"] as const;
export const STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx"] as const;
export const REPLAY_TARGETS = ["owner", "elsewhere"] as const;
export const REPLAY_ROUTE_KINDS = ["webhook", "api"] as const;

/** The after-call steps (startup/call-engine.ts). */
export const AFTER_CALL_STEPS = ["transcript", "recording", "analysis"] as const;
export const STEP_OUTCOMES = ["ok", "failed"] as const;

/** Most call worker threads a machine runs (CALL_WORKERS). */
const MAX_CALL_WORKERS = 256;
/** The threads whose event loop is measured: the main thread and each call worker (from 0). */
export const THREADS = [
  "main",
  ...Array.from({ length: MAX_CALL_WORKERS }, (_, index) => `worker-${index}`),
] as const;

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
  "spend_in_window",
  "acquire_slot",
  "release_slot",
  "slots_taken",
  "delete",
  "keys",
  "ping",
] as const;
