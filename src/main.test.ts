import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const MAIN = join(import.meta.dir, "main.ts");
const workDir = mkdtempSync(join(tmpdir(), "astra-start-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Starts the service as `npm start` would, in a fresh folder, with only PORT set. */
function start(env: Record<string, string>, cwd = workDir) {
  return Bun.spawn([process.execPath, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
}

async function waitForHealth(port: number, attempts = 100): Promise<Response> {
  for (let i = 0; i < attempts; i++) {
    try {
      return await fetch(`http://127.0.0.1:${port}/healthz`);
    } catch {
      await Bun.sleep(100);
    }
  }
  throw new Error("service never answered /healthz");
}

/** Reads a process's output until `pattern` matches, then stops reading. */
async function firstMatch(output: ReadableStream<Uint8Array>, pattern: RegExp) {
  const reader = output.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      text += decoder.decode(value, { stream: true });
      const match = pattern.exec(text);
      if (match || done) return match;
    }
  } finally {
    reader.releaseLock();
  }
}

const freePort = () => {
  const probe = Bun.serve({ port: 0, fetch: () => new Response() });
  const port = probe.port ?? 0;
  probe.stop(true);
  return port;
};

describe("starting the service", () => {
  test("with no configuration it serves, generates an admin key once, and keeps only its hash", async () => {
    const port = freePort();
    const first = start({ PORT: String(port) });
    const health = await waitForHealth(port);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await (await fetch(`http://127.0.0.1:${port}/readyz`)).json();
    expect(ready).toMatchObject({ status: "ready", database: "ok", model: "simulator" });
    first.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    const stderr = await new Response(first.stderr).text();
    const key = /av_admin_[A-Za-z0-9_-]+/.exec(stderr)?.[0];
    expect(key).toBeDefined();
    expect(readFileSync(join(workDir, "data", "admin-key.sha256"), "utf8")).not.toContain(
      String(key),
    );
    const stdout = await new Response(first.stdout).text();
    expect(stdout).not.toContain(String(key));

    // The second start keeps the same key and does not print one again.
    const second = start({ PORT: String(port) });
    await waitForHealth(port);
    const authorised = await fetch(`http://127.0.0.1:${port}/v1/tenants`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(authorised.status).toBe(200);
    second.kill("SIGTERM");
    await second.exited;
    expect(await new Response(second.stderr).text()).not.toContain("av_admin_");
  });

  test("each start on the demo database prints a fresh link to the same demo agent", async () => {
    const folder = join(workDir, "newcomer");
    mkdirSync(folder);
    const port = freePort();
    const links: Array<{ agentId: string; token: string }> = [];
    for (let i = 0; i < 2; i++) {
      const proc = start({ PORT: String(port) }, folder);
      const link = await firstMatch(proc.stderr, /\/demo\?agent=(agt_\w+)&token=(avt_[\w.-]+)\s/);
      proc.kill("SIGTERM");
      await proc.exited;
      links.push({ agentId: link?.[1] ?? "", token: link?.[2] ?? "" });
      expect(await new Response(proc.stdout).text()).not.toContain("avt_");
    }
    expect(links[1]?.agentId).toBe(String(links[0]?.agentId));
    expect(links[1]?.token).not.toBe(String(links[0]?.token));
  });

  test("with METRICS_TOKEN, /metrics wants the token and shows the event loop sampled", async () => {
    const port = freePort();
    const token = "scrape-token-0123456789abcdef";
    const folder = join(workDir, "metrics");
    mkdirSync(folder);
    const proc = start({ PORT: String(port), METRICS_TOKEN: token }, folder);
    await waitForHealth(port);
    const url = `http://127.0.0.1:${port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    await Bun.sleep(200);
    const scrape = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    const lagSamples = Number(
      /^astra_event_loop_lag_seconds_count\{thread="main"\} (\d+)$/m.exec(text)?.[1],
    );
    expect(lagSamples).toBeGreaterThan(0);
    expect(text).toMatch(/^astra_outbox_pending\{queue="fan_out"\} 0$/m);
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    expect(await new Response(proc.stdout).text()).not.toContain(token);
  });

  test("an invalid setting stops it at start, naming the variable", async () => {
    const proc = start({ PORT: "not-a-port" });
    expect(await proc.exited).not.toBe(0);
    expect(await new Response(proc.stderr).text()).toContain("PORT");
  });
});
