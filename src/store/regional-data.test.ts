import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { type LibsqlPrimary, startLibsqlPrimary } from "../../test/libsql-primary";
import { OrderedRecordWriter } from "../calls/call-records";
import { defaultAgentConfig } from "../domain/agent-config";
import { type Db, openDb } from "./db";
import { DatabaseUnavailableError } from "./open-regional-db";
import { createStores, type Stores } from "./stores";
import { WriteOutbox } from "./write-outbox";

const key = crypto.getRandomValues(new Uint8Array(32));
let primary: LibsqlPrimary;
let folder: string;
let opened: Array<{ close(): void }> = [];

beforeEach(async () => {
  primary = await startLibsqlPrimary();
  folder = mkdtempSync(join(tmpdir(), "astra-region-"));
});
afterEach(async () => {
  for (const thing of opened) thing.close();
  opened = [];
  await primary.stop();
});

/** One gateway machine's storage: its replica, its outbox and the stores over them. */
async function machine() {
  const db = await openDb({
    url: `file:${join(folder, "replica.db")}`,
    syncUrl: primary.url,
    authToken: primary.token,
  });
  const outbox = await WriteOutbox.open(db, { path: join(folder, "outbox.db"), retryMs: 50 });
  opened.push(outbox, db);
  const stores = await createStores(db, key, undefined, outbox);
  return { db, outbox, stores };
}

/** What the primary itself holds, read without the replica. */
function onPrimary(): Db {
  const client = createClient({ url: primary.url, authToken: primary.token });
  opened.push(client);
  return client;
}

async function tenantAndAgent(stores: Stores) {
  const tenantId = (await stores.tenants.create({ name: "Acme" })).id;
  const agent = await stores.agents.create(tenantId, {
    name: "Desk",
    description: "",
    draft: defaultAgentConfig(),
  });
  return { tenantId, agentId: agent.id };
}

async function startCall(stores: Stores, ids: { tenantId: string; agentId: string }) {
  const id = `call_${crypto.randomUUID().replace(/-/g, "").slice(0, 23)}`;
  await stores.calls.create({
    id,
    ...ids,
    agentVersion: 1,
    channel: "web",
    direction: "inbound",
    remoteParty: "browser",
    machineId: "machine-a",
  });
  return id;
}

async function primaryRecords(callId: string) {
  const db = onPrimary();
  const call = await db.execute({
    sql: "SELECT status, end_reason FROM calls WHERE id = ?",
    args: [callId],
  });
  const messages = await db.execute({
    sql: "SELECT seq, text, interrupted FROM call_messages WHERE call_id = ? ORDER BY rowid",
    args: [callId],
  });
  const events = await db.execute({
    sql: "SELECT kind FROM call_events WHERE call_id = ? ORDER BY rowid",
    args: [callId],
  });
  return {
    status: call.rows[0]?.status,
    endReason: call.rows[0]?.end_reason,
    lines: messages.rows.map((row) => `${row.seq}:${row.text}:${row.interrupted}`),
    events: events.rows.map((row) => String(row.kind)),
  };
}

describe("regional data: an embedded replica with a remote primary", () => {
  test("writes reach the primary and a request reads its own writes from the replica", async () => {
    const { stores } = await machine();
    const ids = await tenantAndAgent(stores);
    const callId = await startCall(stores, ids);
    await stores.calls.appendMessage(callId, {
      seq: 1,
      role: "user",
      text: "hello",
      itemId: null,
      offsetMs: 0,
    });
    expect((await stores.calls.messages(callId)).map((m) => m.text)).toEqual(["hello"]);
    expect((await primaryRecords(callId)).lines).toEqual(["1:hello:0"]);
  });

  test("the primary stopped mid-call: the call's records wait and arrive complete and in order", async () => {
    const { stores, outbox } = await machine();
    const ids = await tenantAndAgent(stores);
    const callId = await startCall(stores, ids);
    const failures: unknown[] = [];
    const writer = new OrderedRecordWriter(stores.calls, callId, (error) => failures.push(error));
    writer.mark("answered_at");
    writer.message("assistant", "Hi, how can I help?", "item_1", 100);
    await writer.flushed();
    await primary.stop();
    writer.message("user", "My order is late", "item_2", 2000);
    writer.event("model.reconnected", { attempt: 1 });
    writer.message("assistant", "Let me look", "item_3", 3000);
    writer.interrupted("item_3");
    writer.message("user", "Thanks", "item_4", 4000);
    await writer.end({ reason: "caller_hung_up", usage: {}, metrics: {} });
    expect(failures).toEqual([]);
    expect(outbox.depth()).toBeGreaterThan(0);

    await primary.start();
    await outbox.replay();
    expect(outbox.depth()).toBe(0);
    const records = await primaryRecords(callId);
    expect(records.lines).toEqual([
      "1:Hi, how can I help?:0",
      "2:My order is late:0",
      "3:Let me look:1",
      "4:Thanks:0",
    ]);
    expect(records.events).toEqual(["model.reconnected"]);
    expect(records).toMatchObject({ status: "ended", endReason: "caller_hung_up" });
  });

  test("a call that starts while the primary is out of reach goes on and is recorded later", async () => {
    const { stores, outbox } = await machine();
    const ids = await tenantAndAgent(stores);
    await primary.stop();
    const callId = await startCall(stores, ids);
    await stores.calls.appendMessage(callId, {
      seq: 1,
      role: "user",
      text: "hello",
      itemId: null,
      offsetMs: 0,
    });
    await primary.start();
    await outbox.replay();
    expect((await primaryRecords(callId)).lines).toEqual(["1:hello:0"]);
  });

  test("records queued before a restart are replayed by the restarted machine", async () => {
    const first = await machine();
    const ids = await tenantAndAgent(first.stores);
    const callId = await startCall(first.stores, ids);
    await primary.stop();
    await first.stores.calls.appendMessage(callId, {
      seq: 1,
      role: "user",
      text: "still here",
      itemId: null,
      offsetMs: 0,
    });
    await first.stores.calls.end(callId, { reason: "caller_hung_up", usage: {}, metrics: {} });
    first.outbox.close();
    first.db.close();
    opened = [];

    // Restarted while the primary is still down: it starts from its replica.
    const second = await machine();
    expect(second.outbox.depth()).toBe(2);
    await primary.start();
    await second.outbox.replay();
    const records = await primaryRecords(callId);
    expect(records.lines).toEqual(["1:still here:0"]);
    expect(records.status).toBe("ended");
    // The replica is attached to the primary again: the machine reads what was replayed.
    expect((await second.stores.calls.messages(callId)).map((m) => m.text)).toEqual(["still here"]);
  });

  test("a write that reached the primary before the connection broke is not applied twice", async () => {
    const { stores, outbox } = await machine();
    const ids = await tenantAndAgent(stores);
    const callId = await startCall(stores, ids);
    await primary.stop();
    await stores.calls.addEvent(callId, "media.lost", {});
    // The write did arrive after all: the primary applied it with its id, the answer was lost.
    const local = createClient({ url: `file:${join(folder, "outbox.db")}` });
    opened.push(local);
    const waiting = (await local.execute("SELECT id, statements FROM waiting_writes")).rows[0];
    await primary.start();
    const statements = JSON.parse(String(waiting?.statements)) as Array<{ sql: string; args: [] }>;
    await onPrimary().batch(
      [
        {
          sql: "INSERT INTO applied_writes (id, applied_at) VALUES (?, ?)",
          args: [String(waiting?.id), "now"],
        },
        ...statements,
      ],
      "write",
    );
    await outbox.replay();
    expect((await primaryRecords(callId)).events).toEqual(["media.lost"]);
    expect(outbox.depth()).toBe(0);
  });

  test("a first start with the primary out of reach says so instead of crashing", async () => {
    await primary.stop();
    const opening = openDb({
      url: `file:${join(folder, "replica.db")}`,
      syncUrl: primary.url,
      authToken: primary.token,
    });
    await expect(opening).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(opening).rejects.toThrow(
      /cannot be reached and this machine has no local replica yet/,
    );
  });

  test("a wrong token is named as the problem", async () => {
    const opening = openDb({
      url: `file:${join(folder, "replica.db")}`,
      syncUrl: primary.url,
      authToken: "wrong",
    });
    await expect(opening).rejects.toThrow(
      /refused this machine's credentials: check DATABASE_AUTH_TOKEN/,
    );
  });
});
