import type { Env } from "../config/env";
import type { Logger } from "../log/logger";
import {
  openSessionStore,
  sessionStoreLocation,
  sessionStoreSettings,
} from "../session/open-session-store";
import { sessionStoreHealth } from "../session/session-health";
import type { SessionStore } from "../session/session-store";

/**
 * The state machines share (memory unless REDIS_URL or UPSTASH_REDIS_REST_* name a server),
 * logged by backend and host. An unreachable server is a warning, not a failed start: /readyz
 * reports it until the client reconnects.
 */
export async function createSessionStore(env: Env, log: Logger): Promise<SessionStore> {
  const settings = sessionStoreSettings(env);
  const store = openSessionStore(settings);
  const where = sessionStoreLocation(settings);
  const health = await sessionStoreHealth(store);
  if (health === "ok") log.info("session store ready", { ...where });
  else log.warn("session store unreachable at start", { ...where });
  return store;
}
