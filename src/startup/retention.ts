import type { Env } from "../config/env";
import type { Logger } from "../log/logger";
import type { ConversationPart } from "../retention/conversation-parts";
import { RetentionSweeper } from "../retention/retention-sweeper";
import { OutboxPruning } from "../store/outbox-pruning";
import type { Stores } from "../store/stores";
import { pubSubSettings } from "./event-dispatch";

/**
 * Starts the retention sweep every RETENTION_SWEEP_MINUTES (0: never), which also prunes events
 * out settled more than EVENTS_KEEP_DAYS ago; `stop()` on shutdown.
 */
export function startRetention(
  env: Pick<
    Env,
    | "RETENTION_SWEEP_MINUTES"
    | "EVENTS_KEEP_DAYS"
    | "PUBSUB_TOPIC"
    | "PUBSUB_CREDENTIALS_JSON"
    | "PUBSUB_EMULATOR_HOST"
  >,
  stores: Stores,
  parts: readonly ConversationPart[],
  log: Logger,
): RetentionSweeper {
  const pruning = new OutboxPruning(stores.db, pubSubSettings(env) !== undefined);
  const sweeper = new RetentionSweeper({
    retention: stores.retention,
    parts,
    log,
    events: { prune: (before) => pruning.prune(before), keepDays: env.EVENTS_KEEP_DAYS },
  });
  if (env.RETENTION_SWEEP_MINUTES > 0) sweeper.start(env.RETENTION_SWEEP_MINUTES * 60_000);
  return sweeper;
}
