import type { MiddlewareHandler } from "hono";
import type { Logger } from "../log/logger";
import type { AppEnv } from "./context";

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives each request an id (a caller's X-Request-Id if sane) and one log line when it ends. */
export function requestLog(base: Logger): MiddlewareHandler<AppEnv> {
  return async function logRequest(c, next) {
    const offered = c.req.header("x-request-id");
    const requestId = offered && SAFE_REQUEST_ID.test(offered) ? offered : crypto.randomUUID();
    c.set("requestId", requestId);
    c.set("log", base.child({ requestId }));
    c.header("X-Request-Id", requestId);
    const started = performance.now();
    await next();
    const status = c.res.status;
    const line = {
      method: c.req.method,
      path: c.req.routePath.includes("*") ? c.req.path : c.req.routePath,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    const log = c.get("log");
    if (status >= 500) log.error("request failed", line);
    // Health checks and successful scrapes come every few seconds: no line for them.
    else if (c.req.path === "/healthz" || (c.req.path === "/metrics" && status < 400)) return;
    else log.info("request", line);
  };
}
