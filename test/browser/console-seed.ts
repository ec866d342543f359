import { newId } from "../../src/domain/ids";
import type { TestApi } from "../api-harness";

/**
 * A day of finished web calls for `tenantId`, each with a few caller/agent exchanges placed on
 * the call clock, so the overview has figures and a latency chart to show. Deterministic: the
 * same waits every run.
 */
export async function seedCalls(api: TestApi, tenantId: string, agentId: string): Promise<void> {
  const now = Date.now();
  for (let call = 0; call < 22; call++) {
    const id = newId("call");
    const startedAt = now - (call + 1) * 3_600_000;
    await api.stores.calls.create({
      id,
      tenantId,
      agentId,
      agentVersion: 1,
      channel: "web",
      direction: "inbound",
      remoteParty: "browser",
      machineId: "console-test",
      receivedAt: new Date(startedAt).toISOString(),
    });
    // Billed from the answer to the end (now): a few minutes each.
    const answeredAt = new Date(now - (90 + call * 9) * 1000).toISOString();
    await api.stores.calls.mark(id, "answered_at", answeredAt);
    let seq = 0;
    let clock = 4000;
    for (let turn = 0; turn < 4; turn++) {
      const saidUntil = clock + 1800;
      const waitMs = 450 + ((call * 7 + turn * 13) % 10) * 60 + (turn === 3 ? 700 : 0);
      await api.stores.calls.appendMessage(id, {
        seq: ++seq,
        role: "user",
        text: "I'd like to book a cleaning next week.",
        itemId: `u${turn}`,
        offsetMs: clock,
        line: { startMs: clock, endMs: saidUntil },
      });
      await api.stores.calls.appendMessage(id, {
        seq: ++seq,
        role: "assistant",
        text: "Of course. Which day suits you?",
        itemId: `a${turn}`,
        offsetMs: saidUntil + waitMs,
        line: { startMs: saidUntil + waitMs, endMs: saidUntil + waitMs + 2500 },
      });
      clock = saidUntil + waitMs + 3500;
    }
    await api.stores.calls.end(id, { reason: "caller_hung_up", usage: {}, metrics: {} });
  }
}
