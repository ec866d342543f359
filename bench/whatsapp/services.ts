// Starts the two services under test as child processes on loopback: the model simulator and
// the real gateway (`bun src/main.ts`), the gateway pointed at the simulator and at the
// benchmark's fake Graph API.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ChildProcesses } from "./child-processes";

const REPO = new URL("../../", import.meta.url).pathname;
const SIMULATOR_MAIN = new URL("./simulator-main.ts", import.meta.url).pathname;
const START_TIMEOUT_MS = 30_000;

export interface GatewaySettings {
  /** A fresh folder for the database, data and both logs. */
  dir: string;
  adminKey: string;
  graphUrl: string;
  appSecret: string;
}

export interface Services {
  gatewayUrl: string;
  gatewayPid: number;
  /** The gateway's last log lines, for error messages. */
  gatewayLogTail(): string;
}

export async function startServices(
  children: ChildProcesses,
  settings: GatewaySettings,
): Promise<Services> {
  const simulatorUrl = await startSimulator(children, join(settings.dir, "simulator.log"));
  const port = await freeLoopbackPort();
  const logFile = join(settings.dir, "gateway.log");
  const gateway = children.spawn({
    args: [join(REPO, "src/main.ts")],
    cwd: REPO,
    logFile,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${join(settings.dir, "bench.db")}`,
      DATA_DIR: settings.dir,
      ADMIN_API_KEY: settings.adminKey,
      LOG_LEVEL: "warn",
      OPENAI_API_KEY: "bench",
      OPENAI_BASE_URL: simulatorUrl,
      WHATSAPP_GRAPH_URL: settings.graphUrl,
      WHATSAPP_APP_SECRET: settings.appSecret,
      RATE_LIMIT_PER_MINUTE: "100000",
    },
  });
  const services: Services = {
    gatewayUrl: `http://127.0.0.1:${port}`,
    gatewayPid: gateway.pid,
    gatewayLogTail: () =>
      existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n") : "",
  };
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (performance.now() < deadline && gateway.exitCode === null) {
    const up = await fetch(`${services.gatewayUrl}/healthz`, { signal: AbortSignal.timeout(1000) })
      .then((res) => res.ok)
      .catch(() => false);
    if (up) return services;
    await Bun.sleep(100);
  }
  throw new Error(`the gateway did not start:\n${services.gatewayLogTail()}`);
}

function startSimulator(children: ChildProcesses, logFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("the model simulator did not start")),
      START_TIMEOUT_MS,
    );
    const child = children.spawn({
      args: [SIMULATOR_MAIN],
      logFile,
      onMessage: (message) => {
        const ready = message as { type?: string; url?: string };
        if (ready.type !== "ready" || !ready.url) return;
        clearTimeout(timer);
        resolve(ready.url);
      },
    });
    void child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the model simulator exited (${code}); see ${logFile}`));
    });
  });
}

async function freeLoopbackPort(): Promise<number> {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port ?? 0;
  await probe.stop(true);
  return port;
}
