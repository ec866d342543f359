import type { Env } from "../config/env";
import type { Logger } from "../log/logger";
import type { ConversationPart } from "../retention/conversation-parts";
import { RetentionSweeper } from "../retention/retention-sweeper";
import type { Stores } from "../store/stores";

/** Starts the retention sweep every RETENTION_SWEEP_MINUTES (0: never); `stop()` on shutdown. */
export function startRetention(
  env: Pick<Env, "RETENTION_SWEEP_MINUTES">,
  stores: Stores,
  parts: readonly ConversationPart[],
  log: Logger,
): RetentionSweeper {
  const sweeper = new RetentionSweeper({ retention: stores.retention, parts, log });
  if (env.RETENTION_SWEEP_MINUTES > 0) sweeper.start(env.RETENTION_SWEEP_MINUTES * 60_000);
  return sweeper;
}
