import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createClient } from "@libsql/client";
import { defaultAgentConfig } from "../domain/agent-config";
import { newId } from "../domain/ids";
import { type Db, migrate } from "./db";
import { MIGRATIONS } from "./migrations/index";
import { createStores, type Stores } from "./stores";

let db: Db;
let stores: Stores;

beforeEach(async () => {
  db = createClient({ url: ":memory:" });
  // The database as it was before search existed.
  await migrate(
    db,
    MIGRATIONS.filter((m) => m.version < 13),
  );
  const key = crypto.getRandomValues(new Uint8Array(32));
  stores = await createStores(db, key);
});
afterEach(() => db.close());

async function oldCall(tenantId: string, text: string): Promise<string> {
  const agent = await stores.agents.create(tenantId, {
    name: "Desk",
    description: "",
    draft: defaultAgentConfig(),
  });
  const id = newId("call");
  const now = new Date().toISOString();
  await db.batch(
    [
      {
        sql: `INSERT INTO calls (id, tenant_id, agent_id, agent_version, channel, direction, status,
                received_at, updated_at) VALUES (?, ?, ?, 1, 'web', 'inbound', 'ended', ?, ?)`,
        args: [id, tenantId, agent.id, now, now],
      },
      {
        sql: `INSERT INTO call_messages (call_id, seq, role, text, offset_ms, created_at)
              VALUES (?, 1, 'user', ?, 0, ?), (?, 2, 'tool', 'book_slot', 0, ?)`,
        args: [id, text, now, id, now],
      },
    ],
    "write",
  );
  return id;
}

const found = async (tenantId: string, q: string) =>
  (await stores.callSearch.list(tenantId, { limit: 10 }, { q })).data.map((c) => c.id);

describe("the transcript search index", () => {
  test("covers lines written before it existed, and survives a rebuild after VACUUM", async () => {
    const tenantId = (await stores.tenants.create({ name: "Acme" })).id;
    const earlier = await oldCall(tenantId, "My crown came loose");
    await migrate(db);
    expect(await found(tenantId, "crown")).toEqual([earlier]);
    expect(await found(tenantId, "book_slot")).toEqual([]);

    await db.execute("VACUUM");
    await db.execute("INSERT INTO call_messages_fts(call_messages_fts) VALUES ('rebuild')");
    await db.execute(
      "INSERT INTO call_messages_fts(call_messages_fts, rank) VALUES ('integrity-check', 1)",
    );
    expect(await found(tenantId, "crown")).toEqual([earlier]);
    expect(await found(tenantId, "book_slot")).toEqual([]);
  });

  test("finds an unsure line by its second reading, and follows the reading when it changes", async () => {
    await migrate(db);
    const tenantId = (await stores.tenants.create({ name: "Acme" })).id;
    const callId = await oldCall(tenantId, "I need a filing");
    const reading = (text: string | null) =>
      db.execute({
        sql: "UPDATE call_messages SET retranscript_text = ? WHERE call_id = ? AND seq = 1",
        args: [text, callId],
      });
    expect(await found(tenantId, "filling")).toEqual([]);
    await reading("I need a filling");
    expect(await found(tenantId, "filling")).toEqual([callId]);
    expect(await found(tenantId, "filing")).toEqual([callId]);
    await reading("I need a crown");
    expect(await found(tenantId, "filling")).toEqual([]);
    expect(await found(tenantId, "crown")).toEqual([callId]);
    await db.execute({ sql: "DELETE FROM call_messages WHERE call_id = ?", args: [callId] });
    expect(await found(tenantId, "crown")).toEqual([]);
    await db.execute(
      "INSERT INTO call_messages_fts(call_messages_fts, rank) VALUES ('integrity-check', 1)",
    );
  });
});
