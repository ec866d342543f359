import type { Env } from "../config/env";
import { sampleEventLoopLag } from "../metrics/event-loop-lag";
import { GatewayMetrics } from "../metrics/gateway-metrics";
import { OutboxDepth } from "../metrics/outbox-depth";
import type { Db } from "../store/db";

/** The gateway's metrics with the main thread's event-loop lag sampled and the outbox counted. */
export function startMetrics(env: Pick<Env, "PUBSUB_TOPIC">, db: Db) {
  const gateway = new GatewayMetrics();
  const stopLag = sampleEventLoopLag(gateway.loopLag("main"));
  const outbox = new OutboxDepth(db, { pubsub: env.PUBSUB_TOPIC !== undefined });
  gateway.watch({ outboxDepth: () => outbox.read() });
  return { gateway, stop: stopLag };
}
