import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/context";
import type { GatewayMetrics } from "./gateway-metrics";

/** `/webhooks/whatsapp…` is Meta's WhatsApp Cloud API; `/webhooks/wati/…` is Wati. */
function routeKind(path: string): string {
  const provider = path.split("/")[2];
  return provider === "whatsapp" ? "whatsapp_meta" : (provider ?? "other");
}

/** Times each provider webhook request, received to answered (refusals included). */
export function timeWebhooks(
  metrics: Pick<GatewayMetrics, "webhookLatency">,
): MiddlewareHandler<AppEnv> {
  return async function timeWebhook(c, next) {
    const started = performance.now();
    try {
      await next();
    } finally {
      const seconds = (performance.now() - started) / 1000;
      metrics.webhookLatency
        .labels({
          route_kind: routeKind(c.req.path),
          status_class: `${Math.floor(c.res.status / 100)}xx`,
        })
        .observe(seconds);
    }
  };
}
