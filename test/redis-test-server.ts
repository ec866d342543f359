import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RedisTestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** True when `redis-server` is on PATH (`.ci/run` installs it). */
export const redisServerInstalled = Bun.which("redis-server") !== null;

/** A free loopback port: one the system just handed out and took back. */
function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/**
 * A real redis-server on a free loopback port (or the one given), keeping nothing on disk.
 * Resolves once it answers PING.
 */
export async function startRedisServer(
  options: { password?: string; port?: number } = {},
): Promise<RedisTestServer> {
  const auth = options.password === undefined ? [] : ["--requirepass", options.password];
  const credentials = options.password === undefined ? "" : `:${options.password}@`;
  for (let attempt = 0; ; attempt++) {
    const port = options.port ?? freePort();
    const directory = mkdtempSync(join(tmpdir(), "redis-test-"));
    const child = Bun.spawn(
      [
        "redis-server",
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        directory,
        ...auth,
      ],
      { stdout: "pipe", stderr: "pipe" },
    );
    const ready = await answersPing(port, child);
    const close = async () => {
      child.kill("SIGTERM");
      await child.exited;
      rmSync(directory, { recursive: true, force: true });
    };
    if (ready) return { url: `redis://${credentials}127.0.0.1:${port}`, port, close };
    await close();
    // Another process may have taken the port between the probe and the start.
    if (attempt === 3) throw new Error("redis-server did not start");
  }
}

async function answersPing(port: number, child: Bun.Subprocess): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const answer = await pingOnce(port).catch(() => false);
    if (answer) return true;
    await Bun.sleep(20);
  }
  return false;
}

async function pingOnce(port: number): Promise<boolean> {
  const { promise, resolve } = Promise.withResolvers<boolean>();
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      // A server with a password answers NOAUTH: up all the same.
      data: (_socket, data) => resolve(/^(\+PONG|-NOAUTH)/.test(data.toString())),
      close: () => resolve(false),
      error: () => resolve(false),
    },
  });
  socket.write("PING\r\n");
  const answer = await promise;
  socket.end();
  return answer;
}
