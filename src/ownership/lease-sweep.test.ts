import { afterEach, beforeEach, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { inboundCallFields } from "../../test/call-fields";
import type { NewCall } from "../domain/call";
import { newId } from "../domain/ids";
import { Logger } from "../log/logger";
import { MemorySessionStore } from "../session/memory-session-store";
import { CallLeases } from "./call-leases";
import { LeaseSweep } from "./lease-sweep";

let api: TestApi;
let base: Omit<NewCall, "id">;
beforeEach(async () => {
  api = await startTestApi();
  base = await inboundCallFields(api);
});
afterEach(() => api.close());

const LEASE_MS = 15_000;
const log = new Logger("error");

/** A call record last heard of `agoMs` ago. */
async function openCall(agoMs: number, status: NewCall["status"] = "active"): Promise<string> {
  const id = newId("call");
  await api.stores.calls.create({ ...base, id, status });
  const at = new Date(Date.now() - agoMs).toISOString();
  await api.stores.db.execute({
    sql: "UPDATE calls SET received_at = ?, updated_at = ? WHERE id = ?",
    args: [at, at, id],
  });
  return id;
}

function machine(id: string, store: MemorySessionStore, closed: string[][]) {
  const leases = new CallLeases({
    store,
    machine: { id, region: null, onFly: false },
    ttlMs: LEASE_MS,
    log,
  });
  const sweep = new LeaseSweep({
    db: api.stores.db,
    leases,
    registry: { get: () => undefined },
    leaseMs: LEASE_MS,
    closed: (ids) => closed.push(ids),
    log,
  });
  return { leases, sweep };
}

test("two machines sweeping at once close each lost call once; leased, waiting and recent calls stay open", async () => {
  const store = new MemorySessionStore();
  const closed: string[][] = [];
  const a = machine("machine-a", store, closed);
  const b = machine("machine-b", store, closed);
  const lost = [await openCall(60_000), await openCall(60_000)];
  const held = await openCall(60_000);
  await a.leases.hold(
    { callId: held, tenantId: base.tenantId, agentId: base.agentId, channel: "whatsapp_cloud" },
    new Promise(() => {}),
  );
  const waiting = await openCall(60_000, "waiting_permission");
  const recent = await openCall(1000);

  const [byA, byB] = await Promise.all([a.sweep.sweep(), b.sweep.sweep()]);
  expect([...(byA ?? []), ...(byB ?? [])].sort()).toEqual([...lost].sort());
  expect(closed.flat().sort()).toEqual([...lost].sort());
  for (const id of lost)
    expect(await api.stores.calls.get(null, id)).toMatchObject({
      status: "ended",
      endReason: "gateway_restarted",
    });
  for (const id of [held, recent])
    expect((await api.stores.calls.get(null, id)).status).toBe("active");
  expect((await api.stores.calls.get(null, waiting)).status).toBe("waiting_permission");
  const ended = await api.stores.db.execute(
    "SELECT call_id FROM event_outbox WHERE type = 'call.ended' ORDER BY call_id",
  );
  expect(ended.rows.map((row) => String(row.call_id))).toEqual([...lost].sort());
  const usage = await api.stores.db.execute("SELECT call_id FROM call_usage");
  expect(usage.rows).toHaveLength(2);
  a.leases.stop();
  b.leases.stop();
});

test("at start with the in-memory store, every open call is the previous run's, however recent", async () => {
  const closed: string[][] = [];
  const { sweep, leases } = machine("machine-a", new MemorySessionStore(), closed);
  const recent = await openCall(10);
  expect(await sweep.sweep(0)).toEqual([recent]);
  leases.stop();
});
