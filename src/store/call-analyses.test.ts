import { describe, expect, test } from "bun:test";
import { defaultAgentConfig } from "../domain/agent-config";
import { newId } from "../domain/ids";
import { openDb } from "./db";
import { createStores } from "./stores";

async function storesWithCall() {
  const db = await openDb({ url: ":memory:" });
  const stores = await createStores(db, new Uint8Array(32));
  const tenant = await stores.tenants.create({ name: "Acme" });
  const agent = await stores.agents.create(tenant.id, {
    name: "Desk",
    description: "",
    draft: defaultAgentConfig(),
  });
  const callId = newId("call");
  await stores.calls.create({
    id: callId,
    tenantId: tenant.id,
    agentId: agent.id,
    agentVersion: 1,
    channel: "web",
    direction: "inbound",
    remoteParty: "web",
    machineId: "m",
  });
  return { db, stores, callId, tenantId: tenant.id };
}

const analysis = (callId: string, tenantId: string, outcome: string) => ({
  callId,
  tenantId,
  summary: `ended ${outcome}`,
  outcome,
  sentiment: "neutral" as const,
  fields: { n: 1 },
  model: "m",
});

describe("call analyses", () => {
  test("a new analysis replaces the last one; the call's outcome follows; erase removes both and empties their events", async () => {
    const { db, stores, callId, tenantId } = await storesWithCall();
    await stores.callAnalyses.save(analysis(callId, tenantId, "resolved"));
    await stores.callAnalyses.save(analysis(callId, tenantId, "not_resolved"));
    const rows = await db.execute("SELECT call_id, outcome FROM call_analyses");
    expect(rows.rows.map((r) => [r.call_id, r.outcome])).toEqual([[callId, "not_resolved"]]);
    expect((await stores.callAnalyses.get(callId))?.summary).toBe("ended not_resolved");
    const outcome = async () =>
      (await db.execute({ sql: "SELECT outcome FROM calls WHERE id = ?", args: [callId] })).rows[0]
        ?.outcome;
    expect(await outcome()).toBe("not_resolved");
    const events = await db.execute(
      "SELECT type, tenant_id, body FROM event_outbox WHERE type = 'call.analysis.ready' ORDER BY seq",
    );
    expect(events.rows.map((r) => JSON.parse(String(r.body)).data.outcome)).toEqual([
      "resolved",
      "not_resolved",
    ]);

    expect(await stores.callAnalyses.erase(callId)).toBe(true);
    expect(await stores.callAnalyses.get(callId)).toBeNull();
    expect(await outcome()).toBeNull();
    const erased = await db.execute(
      "SELECT body FROM event_outbox WHERE type = 'call.analysis.ready' ORDER BY seq",
    );
    for (const row of erased.rows) {
      const body = JSON.parse(String(row.body));
      expect(body.data).toEqual({
        callId,
        summary: null,
        outcome: null,
        sentiment: null,
        fields: null,
      });
      expect(String(row.body)).not.toContain("ended ");
    }
    expect(await stores.callAnalyses.erase(callId)).toBe(false);
    db.close();
  });
});
