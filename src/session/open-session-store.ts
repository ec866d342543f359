import { ConfigError, type Env } from "../config/env";
import { BoundedSessionStore } from "./bounded-session-store";
import { BunRedisCommands } from "./bun-redis-commands";
import { MemorySessionStore } from "./memory-session-store";
import { RedisSessionStore } from "./redis-session-store";
import type { SessionBackend, SessionStore } from "./session-store";
import { UpstashRestCommands } from "./upstash-rest-commands";

type SessionEnv = Pick<
  Env,
  | "REDIS_URL"
  | "UPSTASH_REDIS_REST_URL"
  | "UPSTASH_REDIS_REST_TOKEN"
  | "SESSION_KEY_PREFIX"
  | "SESSION_STORE_TIMEOUT_MS"
>;

export type SessionStoreSettings = { namespace: string; timeoutMs: number } & (
  | { backend: "memory" }
  | { backend: "redis"; url: string }
  | { backend: "upstash-rest"; url: string; token: string }
);

/** Which backend the environment chooses: REDIS_URL, the two UPSTASH_* variables, or neither. */
export function sessionStoreSettings(env: SessionEnv): SessionStoreSettings {
  const namespace = env.SESSION_KEY_PREFIX;
  const timeoutMs = env.SESSION_STORE_TIMEOUT_MS;
  const upstash = env.UPSTASH_REDIS_REST_URL !== undefined;
  if (env.REDIS_URL !== undefined && (upstash || env.UPSTASH_REDIS_REST_TOKEN !== undefined))
    throw new ConfigError(
      "Invalid configuration: set REDIS_URL or UPSTASH_REDIS_REST_URL with UPSTASH_REDIS_REST_TOKEN, not both",
    );
  if (env.REDIS_URL !== undefined)
    return { backend: "redis", url: env.REDIS_URL, namespace, timeoutMs };
  if (upstash !== (env.UPSTASH_REDIS_REST_TOKEN !== undefined))
    throw new ConfigError(
      "Invalid configuration: UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN go together",
    );
  if (env.UPSTASH_REDIS_REST_URL !== undefined && env.UPSTASH_REDIS_REST_TOKEN !== undefined)
    return {
      backend: "upstash-rest",
      url: env.UPSTASH_REDIS_REST_URL,
      token: env.UPSTASH_REDIS_REST_TOKEN,
      namespace,
      timeoutMs,
    };
  return { backend: "memory", namespace, timeoutMs };
}

/** Where the store lives, safe to log: the backend and host, never a password or token. */
export function sessionStoreLocation(settings: SessionStoreSettings): {
  backend: SessionBackend;
  host?: string;
} {
  if (settings.backend === "memory") return { backend: "memory" };
  return { backend: settings.backend, host: new URL(settings.url).host };
}

/**
 * The store the settings name; network backends connect on first use, and each of their
 * operations gives up after `timeoutMs` (memory answers at once).
 */
export function openSessionStore(settings: SessionStoreSettings): SessionStore {
  const { namespace, timeoutMs } = settings;
  switch (settings.backend) {
    case "memory":
      return new MemorySessionStore();
    case "redis": {
      const commands = new BunRedisCommands(settings.url);
      return new BoundedSessionStore(
        new RedisSessionStore("redis", commands, namespace),
        timeoutMs,
      );
    }
    case "upstash-rest": {
      const commands = new UpstashRestCommands(settings.url, settings.token, timeoutMs);
      return new BoundedSessionStore(
        new RedisSessionStore("upstash-rest", commands, namespace),
        timeoutMs,
      );
    }
  }
}
