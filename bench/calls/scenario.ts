// One scenario of the call benchmark: a fresh gateway, warmed up and measured idle, then N
// simultaneous calls measured in steady state, hung up, and their stored metrics read back.

import { mkdirSync } from "node:fs";
import type { Children } from "../harness/children";
import { type CallFigures, callFigures, percentile } from "./call-figures";
import { CallerGroup, type CallPlan } from "./caller-group";
import { type CallerKind, webCallers } from "./caller-kind";
import type { CallLine, DialledCall, HeardCall } from "./caller-protocol";
import { endedCalls } from "./gateway-api";
import { type LagFigures, lagBetween, readLagSnapshot } from "./lag-histogram";
import { startMeasuredGateway } from "./measured-gateway";
import { startUsageWindow, type UsageWindow } from "./proc-stats";

export interface ScenarioOptions {
  calls: number;
  /** Its own empty folder: database, logs, lag histogram. */
  dir: string;
  simulatorUrl: string;
  simulatorPid: number;
  adminKey: string;
  wavPath: string;
  callerProcesses: number;
  steadyMs: number;
  cpuProfileDir?: string;
  log: (line: string) => void;
  /** Record the calls (the default, as for any agent); false to measure without. */
  recording?: boolean;
  /** Extra environment for the gateway: a capacity lever switched for this run. */
  gatewayEnv?: Record<string, string>;
  /** CALL_WORKERS of the gateway; default 0 (calls on its main thread). */
  callWorkers?: number;
  /** Who calls: browser peers (the default) or phone calls over Twilio media streams. */
  callers?: CallerKind;
  /** Preloaded into the gateway besides the event-loop probe. */
  gatewayPreload?: string[];
  /**
   * Running totals a preloaded probe keeps (name → number), read at both ends of the steady
   * window; the result's `counters` holds what they grew by in it.
   */
  readCounters?: () => Record<string, number>;
}

export interface ScenarioResult {
  calls: number;
  dialled: DialledCall[];
  failures: string[];
  heard: HeardCall[];
  idle: UsageWindow;
  load: UsageWindow;
  idleLag: LagFigures;
  loadLag: LagFigures;
  /** Under load, the event-loop wait of each call worker thread (CALL_WORKERS). */
  workerLag: LagFigures[];
  figures: CallFigures;
  /** Calls per core of gateway CPU: calls / (gateway CPU seconds per wall second). */
  callsPerCore: number;
  /** (RSS under load - RSS idle) / calls, mean RSS over each window. */
  mbPerCall: number;
  answerMsP50: number | null;
  connectMsP50: number | null;
  /** The gateway's audio clock fell over 200 ms behind and skipped frames (steady state). */
  clockStalls: number;
  skippedFrames: number;
  /** What `readCounters` grew by in the steady window; empty without it. */
  counters: Record<string, number>;
}

const WARM_UP_CALLS = 2;
const WARM_UP_MS = 9000;
const IDLE_SETTLE_MS = 3000;
const IDLE_WINDOW_MS = 5000;
/** After the last call connects: long enough for every greeting to have played. */
const LOAD_SETTLE_MS = 6000;
const STAGGER_MS = 120;

function plan(options: ScenarioOptions, gatewayUrl: string, line: CallLine): CallPlan {
  return {
    baseUrl: gatewayUrl,
    line,
    wavPath: options.wavPath,
    firstTalkMs: 4000,
    pauseMs: 7000,
    maxUtterances: Math.ceil((options.steadyMs + LOAD_SETTLE_MS + 10_000) / 10_000),
  };
}

export async function runScenario(
  children: Children,
  options: ScenarioOptions,
): Promise<ScenarioResult> {
  const { log } = options;
  mkdirSync(options.dir, { recursive: true });
  const gateway = await startMeasuredGateway(children, {
    dir: options.dir,
    simulatorUrl: options.simulatorUrl,
    adminKey: options.adminKey,
    ...(options.cpuProfileDir && { cpuProfileDir: options.cpuProfileDir }),
    ...(options.gatewayEnv && { env: options.gatewayEnv }),
    callWorkers: options.callWorkers ?? 0,
    ...(options.gatewayPreload && { preload: options.gatewayPreload }),
  });
  const callers = options.callers ?? webCallers;
  const workerLagFiles = Array.from(
    { length: options.callWorkers ?? 0 },
    (_, i) => `${gateway.lagFile}.worker${i}`,
  );
  try {
    const { tenantKey, line } = await callers.setUp(
      gateway.baseUrl,
      options.adminKey,
      options.recording ?? true,
    );
    const callPlan = plan(options, gateway.baseUrl, line);

    log(`  warm-up: ${WARM_UP_CALLS} calls for ${WARM_UP_MS / 1000} s`);
    const warmUp = await CallerGroup.start(children, 1, callers.main);
    const warm = await warmUp.dial(WARM_UP_CALLS, STAGGER_MS, callPlan);
    if (warm.failures.length) throw new Error(`warm-up calls failed: ${warm.failures.join("; ")}`);
    await Bun.sleep(WARM_UP_MS);
    await warmUp.hangUp();
    await Bun.sleep(IDLE_SETTLE_MS);

    log(`  idle: ${IDLE_WINDOW_MS / 1000} s`);
    const idleLagStart = readLagSnapshot(gateway.lagFile);
    const idleWindow = startUsageWindow(gateway.pid);
    await Bun.sleep(IDLE_WINDOW_MS);
    const idle = idleWindow.stop();
    const idleLag = lagBetween(idleLagStart, readLagSnapshot(gateway.lagFile));

    log(`  dialling ${options.calls} calls from ${options.callerProcesses} caller processes`);
    const group = await CallerGroup.start(children, options.callerProcesses, callers.main);
    try {
      const { calls: dialled, failures } = await group.dial(options.calls, STAGGER_MS, callPlan);
      log(
        `  ${dialled.length} connected, ${failures.length} failed; steady state ${options.steadyMs / 1000} s`,
      );
      if (dialled.length === 0) throw new Error(`no call connected: ${failures.join("; ")}`);
      await Bun.sleep(LOAD_SETTLE_MS);
      const loadLagStart = readLagSnapshot(gateway.lagFile);
      const workerLagStart = workerLagFiles.map(readLagSnapshot);
      const stallsBefore = gateway.clockStalls();
      const countersBefore = options.readCounters?.() ?? {};
      const loadWindow = startUsageWindow(gateway.pid, {
        callers: group.pids,
        simulator: [options.simulatorPid],
      });
      await Bun.sleep(options.steadyMs);
      const load = loadWindow.stop();
      const counters = grownBy(countersBefore, options.readCounters?.() ?? {});
      const loadLag = lagBetween(loadLagStart, readLagSnapshot(gateway.lagFile));
      const workerLag = workerLagFiles.map((file, i) =>
        lagBetween(workerLagStart[i] ?? readLagSnapshot(""), readLagSnapshot(file)),
      );
      const stallsAfter = gateway.clockStalls();

      log("  hanging up");
      const heard = await group.hangUp();
      const records = await endedCalls(
        gateway.baseUrl,
        tenantKey,
        dialled.map((c) => c.callId),
      );
      return {
        calls: options.calls,
        dialled,
        failures,
        heard,
        idle,
        load,
        idleLag,
        loadLag,
        workerLag,
        figures: callFigures(records),
        callsPerCore: dialled.length / load.cores,
        mbPerCall: (load.rssMeanMb - idle.rssMeanMb) / dialled.length,
        answerMsP50: percentile(
          dialled.map((c) => c.answerMs),
          50,
        ),
        connectMsP50: percentile(
          dialled.map((c) => c.connectMs),
          50,
        ),
        clockStalls: stallsAfter.stalls - stallsBefore.stalls,
        skippedFrames: stallsAfter.skippedFrames - stallsBefore.skippedFrames,
        counters,
      };
    } finally {
      await group.kill();
    }
  } catch (error) {
    throw new Error(`${(error as Error).message}\n-- gateway log:\n${gateway.logTail()}`);
  } finally {
    // A profile is written on exit, which takes a moment for a large one.
    await children.stop(gateway.child, options.cpuProfileDir ? 30_000 : 8000);
  }
}

function grownBy(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([name, value]) => [name, value - (before[name] ?? 0)]),
  );
}
