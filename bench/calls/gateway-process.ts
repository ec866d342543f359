// Starts the real gateway (`bun src/main.ts`) as a child process pointed at the benchmark's
// model simulator, on loopback only, with the event-loop lag probe preloaded.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import type { Children } from "./children";

const REPO = new URL("../../", import.meta.url).pathname;
const LAG_PROBE = new URL("./loop-lag-probe.ts", import.meta.url).pathname;
const START_TIMEOUT_MS = 30_000;

export interface Gateway {
  child: Subprocess;
  pid: number;
  baseUrl: string;
  lagFile: string;
  logFile: string;
  /** The last lines the gateway wrote, for error messages. */
  logTail(): string;
  /** Times its shared 10 ms audio clock fell so far behind that it skipped frames, so far. */
  clockStalls(): { stalls: number; skippedFrames: number };
}

/** Counts the gateway's "audio clock stalled" warnings (JSON log lines) in its log. */
function countClockStalls(logFile: string): { stalls: number; skippedFrames: number } {
  let stalls = 0;
  let skippedFrames = 0;
  if (!existsSync(logFile)) return { stalls, skippedFrames };
  for (const line of readFileSync(logFile, "utf8").split("\n")) {
    if (!line.includes('"audio clock stalled"')) continue;
    stalls++;
    skippedFrames += Number((JSON.parse(line) as { skippedFrames?: number }).skippedFrames ?? 0);
  }
  return { stalls, skippedFrames };
}

export interface GatewayOptions {
  /** A fresh folder for its database and data. */
  dir: string;
  simulatorUrl: string;
  adminKey: string;
  /** Write a CPU profile of the gateway into this folder when it exits. */
  cpuProfileDir?: string;
}

async function freeLoopbackPort(): Promise<number> {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port ?? 0;
  await probe.stop(true);
  return port;
}

export async function startGateway(children: Children, options: GatewayOptions): Promise<Gateway> {
  const port = await freeLoopbackPort();
  const lagFile = join(options.dir, "loop-lag.json");
  const logFile = join(options.dir, "gateway.log");
  const profile = options.cpuProfileDir;
  const child = children.spawn({
    args: [join(REPO, "src/main.ts")],
    cwd: REPO,
    logFile,
    preload: [LAG_PROBE],
    bunFlags: profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : [],
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${join(options.dir, "bench.db")}`,
      DATA_DIR: options.dir,
      ADMIN_API_KEY: options.adminKey,
      OPENAI_API_KEY: "x",
      OPENAI_BASE_URL: options.simulatorUrl,
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_MINUTE: "100000",
      BENCH_LAG_FILE: lagFile,
    },
  });
  const gateway: Gateway = {
    child,
    pid: child.pid,
    baseUrl: `http://127.0.0.1:${port}`,
    lagFile,
    logFile,
    logTail: () =>
      existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n") : "",
    clockStalls: () => countClockStalls(logFile),
  };
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) break;
    const up = await fetch(`${gateway.baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) })
      .then((res) => res.ok)
      .catch(() => false);
    if (up) return gateway;
    await Bun.sleep(200);
  }
  throw new Error(`the gateway did not start:\n${gateway.logTail()}`);
}
