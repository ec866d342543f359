// What recording costs a call: the real gateway (recording on, the default, and off) with the
// same simultaneous WebRTC calls through the model simulator, as in bench/calls.bench.ts. Gateway
// CPU per call, calls per core both ways, the encoder thread's share, audio quality figures.
// Rewrites "## Recording cost per call" in BENCHMARKS.md.
//
//   bun bench/recording-calls.bench.ts                 25 calls each way (~4 min)
//   bun bench/recording-calls.bench.ts --calls 10      another count; BENCHMARKS.md untouched

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { recordingPath } from "../test/assets";
import { runScenario, type ScenarioResult } from "./calls/scenario";
import { Children } from "./harness/children";
import { networkMode, rerunInLoopbackNamespace } from "./harness/loopback-namespace";
import { thisMachine } from "./harness/machine";
import { withSection } from "./harness/markdown-sections";
import { startSimulator } from "./harness/simulator-process";

const ADMIN_KEY = "av_admin_bench-key-0123456789abcdef";
const BENCHMARKS_MD = new URL("../BENCHMARKS.md", import.meta.url).pathname;
const DEFAULT_CALLS = 25;

const exitCode = rerunInLoopbackNamespace();
if (exitCode !== null) process.exit(exitCode);

const { values: args } = parseArgs({
  options: {
    calls: { type: "string" },
    "steady-seconds": { type: "string", default: "25" },
  },
});
const calls = Number(args.calls ?? DEFAULT_CALLS);
const steadyMs = Number(args["steady-seconds"]) * 1000;

const children = new Children();
const root = mkdtempSync(join(tmpdir(), "astra-recording-bench-"));
process.on("SIGINT", () => void children.stopAll(2000).finally(() => process.exit(130)));

function encoderThreadCores(r: ScenarioResult): number {
  // Bun names a Worker's thread after nothing in particular; the encoder is the one worker.
  const worker = r.load.threads.filter((t) => /worker/i.test(t.name));
  return worker.reduce((sum, t) => sum + t.cpuSeconds, 0) / r.load.wallSeconds;
}

let failed = false;
try {
  const simulator = await startSimulator(children);
  const results: Record<"on" | "off", ScenarioResult> = {} as never;
  for (const recording of [false, true]) {
    const label = recording ? "on" : "off";
    console.log(`\n${calls} calls, recording ${label}`);
    results[label] = await runScenario(children, {
      calls,
      dir: join(root, `recording-${label}`),
      simulatorUrl: simulator.url,
      simulatorPid: simulator.child.pid,
      adminKey: ADMIN_KEY,
      wavPath: recordingPath("en-hours.wav"),
      callerProcesses: 2,
      steadyMs,
      log: (line) => console.log(line),
      recording,
    });
    const r = results[label];
    console.log(
      `  ${r.callsPerCore.toFixed(1)} calls/core, ${r.load.cores.toFixed(2)} cores, ${r.mbPerCall.toFixed(2)} MB/call, stalls ${r.clockStalls}, event-loop p99 ${r.loadLag.p99Ms} ms, threads ${JSON.stringify(r.load.threads.slice(0, 6))}`,
    );
  }
  const { on, off } = results;
  const machine = thisMachine();
  const perCallMs = (r: ScenarioResult) => (r.load.cores / r.dialled.length) * 1000;
  const row = (label: string, r: ScenarioResult) =>
    `| ${label} | ${r.dialled.length} | ${r.load.cores.toFixed(2)} | ${perCallMs(r).toFixed(1)} | ${r.callsPerCore.toFixed(1)} | ${encoderThreadCores(r).toFixed(3)} | ${r.mbPerCall.toFixed(2)} | ${r.figures.underruns} | ${r.loadLag.p99Ms} | ${r.clockStalls} |`;
  const section = `## Recording cost per call

The call benchmark's set-up (the real gateway, the model simulator at real-time pacing, WebRTC
callers in two more processes, all on ${networkMode()}) run twice with ${calls} simultaneous
calls: once with the agent's recording off, once on (the default), ${steadyMs / 1000} s measured
in the steady state. Recording encodes in one worker thread for all calls (see "Recording: the
encoder off the clock's path"), so its CPU is gateway CPU but not the audio clock's thread.

Machine: ${machine.cores} cores (${machine.cpuModel}), Bun ${machine.bunVersion}, ${machine.date}.
Run: \`bun bench/recording-calls.bench.ts\` (part of \`npm run bench\`).

| recording | calls | gateway cores busy | CPU ms per call per second | calls per core | encoder thread cores | MB per call | underruns | event-loop wait p99 ms | clock stalls |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${row("off", off)}
${row("on", on)}

Recording adds ${(perCallMs(on) - perCallMs(off)).toFixed(1)} ms of gateway CPU per call per second
of call (${(((perCallMs(on) - perCallMs(off)) / perCallMs(off)) * 100).toFixed(0)} % more than without); the encoder thread alone used
${((encoderThreadCores(on) / on.dialled.length) * 1000).toFixed(1)} ms per call per second, and the other threads (WebRTC's own audio threads above all) vary
from run to run by about as much. The gateway shares this machine's 2 cores with the two caller
processes (its load is in the event-loop wait and clock stalls of both rows, also on an otherwise
idle machine), so read the two rows as a comparison, not as this gateway's capacity. MB per call includes the encoder thread's own heap, a fixed cost shared
by all calls; a single call's recording memory stays flat over time (see "Recording memory over
a 30-minute call").
`;
  if (args.calls === undefined) {
    writeFileSync(BENCHMARKS_MD, withSection(readFileSync(BENCHMARKS_MD, "utf8"), section));
    console.log("results written to BENCHMARKS.md");
  } else console.log(section);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await children.stopAll();
  if (failed) console.error(`logs kept in ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
