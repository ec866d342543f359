import { expect, test } from "bun:test";
import { openDb } from "../store/db";
import { OutboxDepth } from "./outbox-depth";

test("counts events not fanned out, deliveries pending and unpublished events; caches briefly", async () => {
  const db = await openDb({ url: ":memory:" });
  const insertEvent = (id: string, fannedOut: boolean) =>
    db.execute({
      sql: `INSERT INTO event_outbox (id, tenant_id, type, call_id, body, created_at, fanned_out_at)
            VALUES (?, 'ten_x', 'call.ended', NULL, '{}', '2026-01-01', ?)`,
      args: [id, fannedOut ? "2026-01-01" : null],
    });
  await insertEvent("evt_1", true);
  await insertEvent("evt_2", false);
  await insertEvent("evt_3", false);
  await db.execute(
    `INSERT INTO tenants (id, name, status, created_at, updated_at)
     VALUES ('ten_x', 'T', 'active', '2026-01-01', '2026-01-01')`,
  );
  await db.execute(
    `INSERT INTO webhook_endpoints (id, tenant_id, url, secret_sealed, created_at, updated_at)
     VALUES ('we_1', 'ten_x', 'https://example.org', 's', '2026-01-01', '2026-01-01')`,
  );
  for (const [id, status] of [
    ["dl_1", "pending"],
    ["dl_2", "delivered"],
  ])
    await db.execute({
      sql: `INSERT INTO webhook_deliveries (id, endpoint_id, tenant_id, event_id, event_type,
              outbox_seq, status, next_attempt_ms, created_at)
            VALUES (?, 'we_1', 'ten_x', ?, 'call.ended', 1, ?, 0, '2026-01-01')`,
      args: [id as string, id as string, status as string],
    });

  let now = 0;
  const depth = new OutboxDepth(db, { pubsub: true, cacheMs: 5000, now: () => now });
  expect(await depth.read()).toEqual({ fan_out: 2, webhook_deliveries: 1, pubsub: 3 });
  await db.execute("UPDATE event_outbox SET fanned_out_at = '2026-01-02'");
  now = 4000;
  expect((await depth.read()).fan_out).toBe(2);
  now = 5000;
  expect((await depth.read()).fan_out).toBe(0);
  expect(await new OutboxDepth(db, { pubsub: false, cacheMs: 0 }).read()).toEqual({
    fan_out: 0,
    webhook_deliveries: 1,
  });
  db.close();
});
