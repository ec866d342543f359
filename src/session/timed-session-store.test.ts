import { expect, test } from "bun:test";
import { parseExposition, sampleValue } from "../../test/prometheus-text";
import { GatewayMetrics } from "../metrics/gateway-metrics";
import { MemorySessionStore } from "./memory-session-store";
import { TimedSessionStore } from "./timed-session-store";

test("each session-store operation is timed into /metrics under its own name", async () => {
  const metrics = new GatewayMetrics();
  const store = new TimedSessionStore(new MemorySessionStore(), metrics.sessionStoreLatency);
  expect(await store.setIfAbsent("lease:call_1", "machine-a", 10_000)).toBe(true);
  expect(await store.setIfAbsent("lease:call_1", "machine-b", 10_000)).toBe(false);
  expect(await store.get("lease:call_1")).toBe("machine-a");
  expect(await store.acquireSlot("slots:ten_1", "call_1", 1, 10_000)).toBe(true);
  const families = parseExposition(await metrics.render());
  const count = (operation: string) =>
    sampleValue(families, "astra_session_store_seconds_count", { backend: "memory", operation });
  expect(count("set_if_absent")).toBe(2);
  expect(count("get")).toBe(1);
  expect(count("acquire_slot")).toBe(1);
  await store.close();
});
