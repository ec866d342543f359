import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate, openDb } from "./db";
import { MIGRATIONS } from "./migrations/index";

describe("database", () => {
  test("a new file database gets every migration once; reopening applies none again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "astra-db-"));
    try {
      const url = `file:${join(dir, "nested", "astra.db")}`;
      const first = await openDb({ url });
      await first.execute(
        "INSERT INTO tenants (id, name, created_at, updated_at) VALUES ('t', 'kept', 'x', 'x')",
      );
      expect(await migrate(first)).toEqual([]);
      first.close();
      const again = await openDb({ url });
      const versions = await again.execute(
        "SELECT version FROM schema_migrations ORDER BY version",
      );
      expect(versions.rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
      expect((await again.execute("SELECT name FROM tenants")).rows[0]?.name).toBe("kept");
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a failing migration leaves no part of itself behind", async () => {
    const db = await openDb({ url: ":memory:" });
    const broken = {
      version: 999,
      name: "broken",
      statements: ["CREATE TABLE half (x)", "NOT SQL AT ALL"],
    };
    await expect(migrate(db, [broken])).rejects.toThrow();
    const tables = await db.execute("SELECT name FROM sqlite_master WHERE name = 'half'");
    expect(tables.rows).toHaveLength(0);
    const recorded = await db.execute("SELECT * FROM schema_migrations WHERE version = 999");
    expect(recorded.rows).toHaveLength(0);
    db.close();
  });
});
