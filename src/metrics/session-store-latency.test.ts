import { expect, test } from "bun:test";
import { parseExposition, sampleValue } from "../../test/prometheus-text";
import { GatewayMetrics } from "./gateway-metrics";
import { timeOperation } from "./session-store-latency";

test("a session store's operations, failed ones too, are timed into /metrics' histogram", async () => {
  const metrics = new GatewayMetrics();
  const histogram = metrics.sessionStoreLatency;
  expect(await timeOperation(histogram, "redis", "set_if_absent", async () => "owner")).toBe(
    "owner",
  );
  const failing = timeOperation(histogram, "redis", "set_if_absent", async () => {
    throw new Error("connection reset");
  });
  await expect(failing).rejects.toThrow("connection reset");
  await timeOperation(histogram, "memory", "get", async () => null);
  const families = parseExposition(await metrics.render());
  const count = (labels: Record<string, string>) =>
    sampleValue(families, "astra_session_store_seconds_count", labels);
  expect(count({ backend: "redis", operation: "set_if_absent" })).toBe(2);
  expect(count({ backend: "memory", operation: "get" })).toBe(1);
});
