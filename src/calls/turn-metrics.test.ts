import { describe, expect, test } from "bun:test";
import { TurnMetrics } from "./turn-metrics";

describe("turn metrics summary", () => {
  test("reports the slow tail of the gateway's own time in each direction", () => {
    const metrics = new TurnMetrics();
    // 99 quick inbound frames and one slow one: the median hides it, p99 must not.
    for (let i = 0; i < 99; i++) metrics.gatewayInbound.add(0.2);
    metrics.gatewayInbound.add(7.5);
    metrics.gatewayInbound.add(9);
    for (const [received, sent] of [
      [100, 104],
      [200, 203],
      [300, 318],
    ] as const) {
      metrics.turnStarted(received - 50);
      metrics.modelAudioReceived(received);
      metrics.audioSent(sent);
      metrics.responseFinished();
    }
    const summary = metrics.summary();
    expect(summary.turns).toBe(3);
    expect(summary.gatewayInboundMsP50).toBe(0.2);
    expect(summary.gatewayInboundMsP99).toBe(7.5);
    expect(summary.gatewayOutboundMsP50).toBe(4);
    expect(summary.gatewayOutboundMsP99).toBe(18);
  });

  test("a call without audio has no percentiles rather than zeros", () => {
    const summary = new TurnMetrics().summary();
    expect(summary.gatewayInboundMsP99).toBeNull();
    expect(summary.gatewayOutboundMsP99).toBeNull();
  });
});
