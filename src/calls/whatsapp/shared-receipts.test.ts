import { afterEach, expect, test } from "bun:test";
import { memoryLogger } from "../../log/logger";
import { MemorySessionStore } from "../../session/memory-session-store";
import { type Db, openDb } from "../../store/db";
import { WebhookReceiptStore } from "../../store/webhook-receipts";
import { SharedEventReceipts } from "./shared-receipts";

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const part of open.splice(0)) await part.close();
});

async function receipts(db: Db, store = new MemorySessionStore()) {
  open.push(store);
  return new SharedEventReceipts(store, new WebhookReceiptStore(db), memoryLogger("warn").logger);
}

const acme = { tenantId: "ten_acme", channel: "whatsapp_cloud" as const };
const rival = { tenantId: "ten_rival", channel: "whatsapp_cloud" as const };

test("one tenant's receipt never marks another tenant's event as seen", async () => {
  const db = await openDb({ url: ":memory:" });
  open.push(db);
  const shared = await receipts(db);
  expect(await shared.firstTime(rival, "connect:wacid.1")).toBe(true);
  expect(await shared.firstTime(acme, "connect:wacid.1")).toBe(true);
  expect(await shared.firstTime(acme, "connect:wacid.1")).toBe(false);
  expect(await shared.seen(rival, "terminate:wacid.1")).toBe(false);
});

test("the same event claimed at once is first only once, and still known after the store forgot", async () => {
  const db = await openDb({ url: ":memory:" });
  open.push(db);
  const shared = await receipts(db);
  const claims = await Promise.all(
    Array.from({ length: 10 }, () => shared.firstTime(acme, "connect:wacid.2")),
  );
  expect(claims.filter(Boolean)).toHaveLength(1);
  // A restarted machine (a fresh memory store) still recognises a late redelivery.
  const restarted = await receipts(db);
  expect(await restarted.firstTime(acme, "connect:wacid.2")).toBe(false);
  expect(await restarted.seen(acme, "connect:wacid.2")).toBe(true);
});
