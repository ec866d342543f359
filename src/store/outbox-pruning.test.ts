import { describe, expect, test } from "bun:test";
import { openDb } from "./db";
import { outboxInsert } from "./event-outbox";
import { OutboxPruning } from "./outbox-pruning";
import { createStores } from "./stores";

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

/** Events of one tenant, some old, fanned out to one endpoint; deliveries settled as asked. */
async function outboxWith(settle: { delivered: number[]; failed: number[] }, ages: number[]) {
  const db = await openDb({ url: ":memory:" });
  const stores = await createStores(db, new Uint8Array(32));
  const tenant = await stores.tenants.create({ name: "Acme" });
  await stores.webhookEndpoints.create(tenant.id, {
    url: "https://example.com/hook",
    description: "",
    eventTypes: null,
    enabled: true,
  });
  for (const [i, age] of ages.entries()) {
    const event = { tenantId: tenant.id, type: "call.started" as const, callId: `call_${i}` };
    await db.execute(outboxInsert({ ...event, data: { n: i } }, daysAgo(age)));
  }
  await stores.webhookDeliveries.fanOut(Date.now());
  const claims = await stores.webhookDeliveries.claimDue(Date.now() + 1000, 60_000, 100);
  for (const claim of claims) {
    const n = JSON.parse(claim.body).data.n as number;
    if (settle.delivered.includes(n))
      await stores.webhookDeliveries.recordAttempt(claim, { delivered: true, statusCode: 204 });
    else if (settle.failed.includes(n))
      await stores.webhookDeliveries.recordAttempt(claim, {
        delivered: false,
        statusCode: 500,
        error: "HTTP 500",
        retryAtMs: null,
      });
    else
      await stores.webhookDeliveries.recordAttempt(claim, {
        delivered: false,
        statusCode: 500,
        error: "HTTP 500",
        retryAtMs: Date.now() + 60_000,
      });
  }
  const left = async () => {
    const events = await db.execute("SELECT body FROM event_outbox ORDER BY seq");
    const deliveries = await db.execute("SELECT COUNT(*) AS n FROM webhook_deliveries");
    return {
      events: events.rows.map((r) => JSON.parse(String(r.body)).data.n as number),
      deliveries: Number(deliveries.rows[0]?.n),
    };
  };
  return { db, left };
}

describe("pruning events out", () => {
  test("old events whose deliveries are settled go, with their deliveries; pending and recent ones stay", async () => {
    // Events 0–3 are 40 days old, 4 is a day old. 0 delivered, 1 failed, 2 still retrying,
    // 3 delivered; 4 delivered but recent.
    const { db, left } = await outboxWith(
      { delivered: [0, 3, 4], failed: [1] },
      [40, 40, 40, 40, 1],
    );
    expect(await left()).toEqual({ events: [0, 1, 2, 3, 4], deliveries: 5 });
    const pruning = new OutboxPruning(db, false);
    expect(await pruning.prune(daysAgo(30), 2)).toBe(3);
    expect(await left()).toEqual({ events: [2, 4], deliveries: 2 });
    expect(await pruning.prune(daysAgo(30))).toBe(0);
    db.close();
  });

  test("with a Pub/Sub sink, an event it has not published is kept", async () => {
    const { db, left } = await outboxWith({ delivered: [0, 1], failed: [] }, [40, 40]);
    await db.execute("UPDATE event_outbox SET pubsub_published_at = created_at WHERE seq = 1");
    expect(await new OutboxPruning(db, true).prune(daysAgo(30))).toBe(1);
    expect(await left()).toEqual({ events: [1], deliveries: 1 });
    db.close();
  });
});
