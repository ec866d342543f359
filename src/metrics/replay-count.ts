import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/context";
import type { GatewayMetrics } from "./gateway-metrics";

/**
 * Counts the answers that hand a request to another machine through Fly's proxy: `instance=…`
 * (the call lives on its owner) or `elsewhere=true` (this machine is full or draining). Many of
 * the first kind mean requests often land on the wrong machine.
 */
export function countReplays(metrics: Pick<GatewayMetrics, "replays">): MiddlewareHandler<AppEnv> {
  return async function countReplay(c, next) {
    await next();
    const replay = c.res.headers.get("fly-replay");
    if (!replay) return;
    metrics.replays
      .labels({
        target: replay.startsWith("instance=") ? "owner" : "elsewhere",
        route_kind: c.req.path.startsWith("/webhooks/") ? "webhook" : "api",
      })
      .inc();
  };
}
