import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";

export interface LibsqlPrimary {
  url: string;
  token: string;
  /** Stops the primary as a crash would: the replica finds nothing listening. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the state it had. */
  start(): Promise<void>;
}

/** A stand-in libSQL primary in its own process (see libsql-primary/main.ts). */
export async function startLibsqlPrimary(): Promise<LibsqlPrimary> {
  const folder = mkdtempSync(join(tmpdir(), "astra-primary-"));
  const token = `primary-${crypto.randomUUID()}`;
  let port = 0;
  let process: Subprocess<"ignore", "pipe", "inherit"> | null = null;
  const start = async () => {
    process = Bun.spawn(
      [
        Bun.argv[0] ?? "bun",
        join(import.meta.dir, "libsql-primary", "main.ts"),
        folder,
        String(port),
        token,
      ],
      { stdin: "ignore", stdout: "pipe", stderr: "inherit" },
    );
    const reader = process.stdout.getReader();
    const { value } = await reader.read();
    reader.releaseLock();
    const line = new TextDecoder().decode(value);
    const match = /listening (\d+)/.exec(line);
    if (!match) throw new Error(`the test primary did not start: ${line}`);
    port = Number(match[1]);
  };
  await start();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    token,
    async stop() {
      process?.kill("SIGKILL");
      await process?.exited;
      process = null;
    },
    start,
  };
}
