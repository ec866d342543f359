import { afterEach, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually } from "../../test/eventually";
import { type LibsqlPrimary, startLibsqlPrimary } from "../../test/libsql-primary";
import { readEnv } from "../config/env";
import { memoryLogger } from "../log/logger";
import { openStorage } from "./open-storage";

let primary: LibsqlPrimary | null = null;
afterEach(async () => {
  await primary?.stop();
});

test("a first start with the database primary out of reach waits for it, saying why, instead of exiting", async () => {
  primary = await startLibsqlPrimary();
  await primary.stop();
  const folder = mkdtempSync(join(tmpdir(), "astra-open-"));
  const env = readEnv({
    DATA_DIR: folder,
    DATABASE_URL: `file:${join(folder, "astra.db")}`,
    DATABASE_SYNC_URL: primary.url,
    DATABASE_AUTH_TOKEN: primary.token,
  });
  const { logger, lines } = memoryLogger();
  let opened = false;
  const opening = openStorage(env, logger).then((storage) => {
    opened = true;
    return storage;
  });
  await eventually("the reason in the log", () =>
    lines.some((line) =>
      line.includes("cannot be reached and this machine has no local replica yet"),
    ),
  );
  expect(lines.join("\n")).not.toContain(primary.token);
  expect(opened).toBe(false);
  await primary.start();
  const storage = await opening;
  expect((await storage.stores.tenants.create({ name: "Acme" })).name).toBe("Acme");
  storage.callOutbox?.close();
  storage.db.close();
}, 30_000);
