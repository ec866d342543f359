import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { redisServerInstalled, startRedisServer } from "../test/redis-test-server";

const MAIN = join(import.meta.dir, "main.ts");
const workDir = mkdtempSync(join(tmpdir(), "astra-session-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function start(env: Record<string, string>) {
  return Bun.spawn([process.execPath, MAIN], {
    cwd: workDir,
    env: { PATH: process.env.PATH ?? "", SEED_DEMO: "false", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
}

const freePort = () => {
  const probe = Bun.serve({ port: 0, fetch: () => new Response() });
  const port = probe.port ?? 0;
  probe.stop(true);
  return port;
};

async function readyz(port: number): Promise<Response> {
  for (let i = 0; i < 100; i++) {
    try {
      return await fetch(`http://127.0.0.1:${port}/readyz`);
    } catch {
      await Bun.sleep(100);
    }
  }
  throw new Error("the service never answered /readyz");
}

describe("the session store at startup", () => {
  test.skipIf(!redisServerInstalled)(
    "REDIS_URL: /readyz names the Redis backend, the log its host and never its password",
    async () => {
      const password = "s3cret-redis-password";
      const redis = await startRedisServer({ password });
      const port = freePort();
      const proc = start({ PORT: String(port), REDIS_URL: redis.url });
      const response = await readyz(port);
      expect(await response.json()).toMatchObject({
        status: "ready",
        sessionStore: { backend: "redis", status: "ok" },
      });
      proc.kill("SIGTERM");
      expect(await proc.exited).toBe(0);
      const output =
        (await new Response(proc.stdout).text()) + (await new Response(proc.stderr).text());
      const line = output.split("\n").find((l) => l.includes("session store ready"));
      expect(JSON.parse(line ?? "{}")).toMatchObject({
        backend: "redis",
        host: `127.0.0.1:${redis.port}`,
      });
      expect(output).not.toContain(password);
      await redis.close();
    },
  );

  test("both REDIS_URL and Upstash's REST settings stop the start, naming them", async () => {
    const proc = start({
      PORT: String(freePort()),
      REDIS_URL: "redis://127.0.0.1:6379",
      UPSTASH_REDIS_REST_URL: "https://eu1-sure-cat.upstash.io",
      UPSTASH_REDIS_REST_TOKEN: "AX-secret-token",
    });
    expect(await proc.exited).toBe(1);
    const stderr = await new Response(proc.stderr).text();
    expect(stderr).toContain("REDIS_URL");
    expect(stderr).toContain("UPSTASH_REDIS_REST_URL");
    expect(stderr).not.toContain("AX-secret-token");
  });
});
