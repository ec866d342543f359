// Starts the real gateway (`bun src/main.ts`) as a child process on loopback, pointed at a
// model simulator, and waits until it answers /healthz.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import type { ChildOptions, Children } from "./children";

const REPO = new URL("../../", import.meta.url).pathname;
const START_TIMEOUT_MS = 30_000;

export interface GatewayOptions {
  /** A fresh folder for its database, data and log. */
  dir: string;
  adminKey: string;
  simulatorUrl: string;
  /** Settings beyond the common ones (e.g. the Graph API's URL). */
  env?: Record<string, string>;
  preload?: ChildOptions["preload"];
  bunFlags?: ChildOptions["bunFlags"];
}

export interface Gateway {
  child: Subprocess;
  pid: number;
  baseUrl: string;
  logFile: string;
  /** The last lines the gateway wrote, for error messages. */
  logTail(): string;
}

export async function startGateway(children: Children, options: GatewayOptions): Promise<Gateway> {
  const port = await freeLoopbackPort();
  const logFile = join(options.dir, "gateway.log");
  const child = children.spawn({
    args: [join(REPO, "src/main.ts")],
    cwd: REPO,
    logFile,
    ...(options.preload && { preload: options.preload }),
    ...(options.bunFlags && { bunFlags: options.bunFlags }),
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${join(options.dir, "bench.db")}`,
      DATA_DIR: options.dir,
      BLOB_STORE_URL: `file:${join(options.dir, "blobs")}`,
      ADMIN_API_KEY: options.adminKey,
      OPENAI_API_KEY: "bench",
      OPENAI_BASE_URL: options.simulatorUrl,
      LOG_LEVEL: "warn",
      // The benchmark is one tenant calling from loopback: lift the abuse limits out of its way.
      RATE_LIMIT_PER_MINUTE: "100000",
      RATE_LIMIT_PER_TENANT_PER_MINUTE: "1000000",
      WEBHOOK_RATE_LIMIT_PER_MINUTE: "1000000",
      PUBLIC_RATE_LIMIT_PER_MINUTE: "1000000",
      MAX_CONCURRENT_CALLS_PER_TENANT: "1000",
      MAX_CALLS_PER_MACHINE: "1000",
      // Reached on loopback only, so its own address is its public one (Twilio's webhooks are
      // signed over it, and its media stream URLs are built from it).
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      ...options.env,
    },
  });
  const gateway: Gateway = {
    child,
    pid: child.pid,
    baseUrl: `http://127.0.0.1:${port}`,
    logFile,
    logTail: () =>
      existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n") : "",
  };
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (performance.now() < deadline && child.exitCode === null) {
    const up = await fetch(`${gateway.baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) })
      .then((res) => res.ok)
      .catch(() => false);
    if (up) return gateway;
    await Bun.sleep(100);
  }
  throw new Error(`the gateway did not start:\n${gateway.logTail()}`);
}

async function freeLoopbackPort(): Promise<number> {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port ?? 0;
  await probe.stop(true);
  return port;
}
