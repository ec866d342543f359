// Call benchmark (issue 3, "Concurrent calls" and "Latency"): the real gateway in one process,
// the model simulator (real-time pacing) in another, WebRTC callers in two more, all on
// loopback. For 10, 25 and 50 simultaneous calls it measures the gateway's CPU and memory and
// reads the calls' stored metrics; then a profiled 25-call run shows where the JavaScript
// thread's time goes. The results are written into BENCHMARKS.md.
//
//   bun bench/calls.bench.ts                   everything, results into BENCHMARKS.md (~6 min)
//   bun bench/calls.bench.ts --calls 10,25     only these scenarios; BENCHMARKS.md untouched
//   bun bench/calls.bench.ts --profile         profiled runs only (25 calls, or --calls)
//   bun bench/calls.bench.ts --calls 10,25 --variant base --variant RTC_OPUS_DTX=browser --rounds 2
//                                              capacity-lever trials: the variants alternate
//                                              within each round; BENCHMARKS.md untouched
//   add --steady-seconds N to change the measured window, --keep to keep logs and results.json

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { recordingPath } from "../test/assets";
import { type ProfileEntry, summariseProfile, topSelfTime } from "./calls/cpu-profile";
import { meanAudibleMs, parseVariant, threadLine, type Variant } from "./calls/lever-trials";
import { type BenchRun, writeCallSections } from "./calls/results-markdown";
import { runScenario, type ScenarioResult } from "./calls/scenario";
import { Children } from "./harness/children";
import { networkMode, rerunInLoopbackNamespace } from "./harness/loopback-namespace";
import { thisMachine } from "./harness/machine";
import { startSimulator } from "./harness/simulator-process";

const ADMIN_KEY = "av_admin_bench-key-0123456789abcdef";
const WAV = recordingPath("en-hours.wav");
const BENCHMARKS_MD = new URL("../BENCHMARKS.md", import.meta.url).pathname;
/** Caller peers are CPU-heavy: two processes, so that one core's worth is not the limit. */
const CALLER_PROCESSES = 2;
const PROFILE_CALLS = 25;

const exitCode = rerunInLoopbackNamespace();
if (exitCode !== null) process.exit(exitCode);
if (networkMode() === "the host network")
  console.warn("no private network namespace here (unshare -rn): running on the host network");

const { values: args } = parseArgs({
  options: {
    calls: { type: "string" },
    "steady-seconds": { type: "string", default: "25" },
    profile: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    variant: { type: "string", multiple: true },
    rounds: { type: "string", default: "1" },
    /** CALL_WORKERS values to compare at each call count, e.g. 0,2 (default: 0 only). */
    workers: { type: "string" },
  },
});
const variants: Variant[] = (args.variant ?? []).map(parseVariant);
const steadyMs = Number(args["steady-seconds"]) * 1000;
const full =
  !args.profile && args.calls === undefined && variants.length === 0 && args.workers === undefined;
const counts = args.profile ? [] : (args.calls ?? "10,25,50").split(",").map(Number);
const profiledCounts = full
  ? [PROFILE_CALLS]
  : args.profile
    ? parseCounts(args.calls, PROFILE_CALLS)
    : [];

function parseCounts(list: string | undefined, fallback: number): number[] {
  return list ? list.split(",").map(Number) : [fallback];
}

function oneLine(r: ScenarioResult): string {
  const f = r.figures;
  return [
    `${r.calls} calls: ${r.callsPerCore.toFixed(1)} calls/core (${r.load.cores.toFixed(2)} cores)`,
    `${r.mbPerCall.toFixed(2)} MB/call`,
    `underruns ${f.underruns}`,
    `inbound p50/p99 ${f.inbound.p50Ms}/${f.inbound.worstP99Ms} ms`,
    `outbound p50/p99 ${f.outbound.p50Ms}/${f.outbound.worstP99Ms} ms`,
    `greeting p50/p99 ${f.greetingP50Ms}/${f.greetingP99Ms} ms`,
    `event-loop wait p99 ${r.loadLag.p99Ms} ms`,
    `workers' event-loop wait p99 ${r.workerLag.map((l) => `${l.p99Ms} ms`).join("/") || "-"}`,
    `clock stalls ${r.clockStalls}`,
    `machine ${r.load.machineBusyCores.toFixed(2)} cores busy (callers ${r.load.others.callers?.toFixed(2)})`,
    `ICE ${[...new Set(r.dialled.map((c) => c.pair))].join(", ")}`,
  ].join(", ");
}

const children = new Children();
const root = mkdtempSync(join(tmpdir(), "astra-calls-bench-"));
let failed = false;
const onSignal = () => {
  void children.stopAll(2000).finally(() => process.exit(130));
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

try {
  const simulator = await startSimulator(children);
  const simulatorUrl = simulator.url;

  let runs = 0;
  const scenario = (calls: number, profiled: boolean, variant?: Variant, callWorkers = 0) => {
    const dir = join(root, `${profiled ? "profiled-" : ""}calls-${calls}-${runs++}`);
    const what = `${variant ? `, ${variant.label}` : ""}, CALL_WORKERS=${callWorkers}`;
    console.log(`\n${calls} simultaneous calls${profiled ? ", gateway profiled" : ""}${what}`);
    return runScenario(children, {
      ...(variant && { gatewayEnv: variant.env }),
      calls,
      dir,
      simulatorUrl,
      simulatorPid: simulator.child.pid,
      adminKey: ADMIN_KEY,
      wavPath: WAV,
      callerProcesses: CALLER_PROCESSES,
      steadyMs,
      log: (line) => console.log(line),
      callWorkers,
      ...(profiled && { cpuProfileDir: join(dir, "profile") }),
    });
  };

  const results: ScenarioResult[] = [];
  const trials: Array<{ variant: string; round: number; result: ScenarioResult }> = [];
  for (let round = 1; variants.length > 0 && round <= Number(args.rounds); round++) {
    for (const calls of counts) {
      for (const variant of variants) {
        const result = await scenario(calls, false, variant);
        trials.push({ variant: variant.label, round, result });
        console.log(`[${variant.label}, round ${round}] ${oneLine(result)}`);
        console.log(
          `  heard ${meanAudibleMs(result).toFixed(0)} ms/call; threads ms/s/call: ${threadLine(result)}`,
        );
      }
    }
  }
  const workerCounts = (args.workers ?? "0").split(",").map(Number);
  for (const calls of variants.length > 0 ? [] : counts) {
    for (const callWorkers of workerCounts) {
      const result = await scenario(calls, false, undefined, callWorkers);
      results.push(result);
      console.log(`CALL_WORKERS=${callWorkers}: ${oneLine(result)}`);
    }
  }
  let profile: { calls: number; top: ProfileEntry[] } | null = null;
  for (const calls of profiledCounts) {
    await scenario(calls, true);
    const dir = join(root, `profiled-calls-${calls}-${runs - 1}`, "profile");
    console.log(summariseProfile(dir));
    profile = { calls, top: topSelfTime(dir) };
  }
  writeFileSync(join(root, "results.json"), JSON.stringify({ results, trials, profile }, null, 2));

  if (full) {
    const run: BenchRun = {
      results,
      profile,
      command: "bun bench/calls.bench.ts",
      ...thisMachine(),
      steadySeconds: steadyMs / 1000,
      callerProcesses: CALLER_PROCESSES,
      network: networkMode(),
    };
    writeFileSync(BENCHMARKS_MD, writeCallSections(readFileSync(BENCHMARKS_MD, "utf8"), run));
    console.log(`\nresults written to ${BENCHMARKS_MD}`);
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await children.stopAll();
  if (failed || args.keep || args.profile) console.error(`logs kept in ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
