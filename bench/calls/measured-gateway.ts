// The gateway as the call benchmark runs it: with the event-loop lag probe preloaded, a CPU
// profile when asked, and a count of its audio clock's stalls read from its log.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Children } from "../harness/children";
import { type Gateway, startGateway } from "../harness/gateway-process";

const LAG_PROBE = new URL("./loop-lag-probe.ts", import.meta.url).pathname;

export interface MeasuredGateway extends Gateway {
  lagFile: string;
  /** Times its shared 10 ms audio clock fell so far behind that it skipped frames, so far. */
  clockStalls(): { stalls: number; skippedFrames: number };
}

export interface MeasuredGatewayOptions {
  /** A fresh folder for its database and data. */
  dir: string;
  simulatorUrl: string;
  adminKey: string;
  /** Write a CPU profile of the gateway into this folder when it exits. */
  cpuProfileDir?: string;
  /** Extra environment (a setting switched for this run). */
  env?: Record<string, string>;
  /** CALL_WORKERS. */
  callWorkers?: number;
  /** More modules to preload (after the event-loop probe). */
  preload?: string[];
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

export async function startMeasuredGateway(
  children: Children,
  options: MeasuredGatewayOptions,
): Promise<MeasuredGateway> {
  const lagFile = join(options.dir, "loop-lag.json");
  const profile = options.cpuProfileDir;
  const gateway = await startGateway(children, {
    dir: options.dir,
    adminKey: options.adminKey,
    simulatorUrl: options.simulatorUrl,
    env: {
      ...options.env,
      BENCH_LAG_FILE: lagFile,
      CALL_WORKERS: String(options.callWorkers ?? 0),
    },
    preload: [LAG_PROBE, ...(options.preload ?? [])],
    bunFlags: profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : [],
  });
  return { ...gateway, lagFile, clockStalls: () => countClockStalls(gateway.logFile) };
}
