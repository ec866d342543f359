// Phone-call benchmark (issue 11): N simultaneous phone calls over Twilio Media Streams against
// the real gateway and the model simulator, each caller process playing Twilio's side (signed
// voice webhook, `connected`, `start`, µ-law caller speech in 20 ms chunks at real time, marks
// echoed as the agent's audio plays, `stop`). At each call count the same scenario also runs
// with WebRTC callers, so that both channels' figures come from one run on one machine. The
// gateway's WASM conversions are timed (bench/phone/conversion-meter.ts) to weigh giving the
// model `audio/pcmu` directly. Rewrites "## Phone calls (Twilio Media Streams)" in BENCHMARKS.md.
//
//   bun bench/phone-calls.bench.ts                          10, 25, 50 calls, both channels
//   bun bench/phone-calls.bench.ts --calls 5,10 --steady-seconds 15
//   add --channels phone to leave WebRTC out, --keep to keep logs and results.json

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { recordingPath } from "../test/assets";
import { type CallerKind, webCallers } from "./calls/caller-kind";
import { runScenario } from "./calls/scenario";
import { Children } from "./harness/children";
import { networkMode, rerunInLoopbackNamespace } from "./harness/loopback-namespace";
import { thisMachine } from "./harness/machine";
import { withSection } from "./harness/markdown-sections";
import { startSimulator } from "./harness/simulator-process";
import { flattenTotals } from "./phone/conversion-cost";
import type { ConversionTotals } from "./phone/conversion-meter";
import { phoneCallers } from "./phone/phone-callers";
import { type ChannelRun, phoneSection } from "./phone/results-markdown";

const ADMIN_KEY = "av_admin_bench-key-0123456789abcdef";
const BENCHMARKS_MD = new URL("../BENCHMARKS.md", import.meta.url).pathname;
const METER = new URL("./phone/conversion-meter.ts", import.meta.url).pathname;
const KINDS: Record<string, CallerKind> = { web: webCallers, phone: phoneCallers };

const exitCode = rerunInLoopbackNamespace();
if (exitCode !== null) process.exit(exitCode);

const { values: args } = parseArgs({
  options: {
    calls: { type: "string", default: "10,25,50" },
    channels: { type: "string", default: "web,phone" },
    "steady-seconds": { type: "string", default: "25" },
    keep: { type: "boolean", default: false },
  },
});
const counts = (args.calls ?? "").split(",").map(Number);
const channels = (args.channels ?? "").split(",");
for (const channel of channels) if (!KINDS[channel]) throw new Error(`--channels: ${channel}?`);
const steadyMs = Number(args["steady-seconds"]) * 1000;
const command = ["bun bench/phone-calls.bench.ts", ...process.argv.slice(2)].join(" ");

/** Caller processes: WebRTC peers are heavy (two, as in the call benchmark); phone sides light. */
function callerProcesses(channel: string, calls: number): number {
  return channel === "web" ? 2 : Math.ceil(calls / 25);
}

function conversionCounters(file: string): () => Record<string, number> {
  return () => {
    if (!existsSync(file)) return {};
    return flattenTotals(JSON.parse(readFileSync(file, "utf8")) as ConversionTotals);
  };
}

const children = new Children();
const root = mkdtempSync(join(tmpdir(), "astra-phone-bench-"));
process.on("SIGINT", () => void children.stopAll(2000).finally(() => process.exit(130)));
const loadAtStart = loadavg()[0] ?? 0;

let failed = false;
try {
  const simulator = await startSimulator(children);
  const runs: ChannelRun[] = [];
  for (const calls of counts) {
    for (const channel of channels) {
      const callers = KINDS[channel] as CallerKind;
      const dir = join(root, `${channel}-${calls}`);
      const meterFile = join(dir, "conversions.json");
      console.log(`\n${calls} simultaneous ${callers.label} calls`);
      const result = await runScenario(children, {
        calls,
        dir,
        simulatorUrl: simulator.url,
        simulatorPid: simulator.child.pid,
        adminKey: ADMIN_KEY,
        wavPath: recordingPath("en-hours.wav"),
        callerProcesses: callerProcesses(channel, calls),
        steadyMs,
        log: (line) => console.log(line),
        callers,
        gatewayEnv: { BENCH_CONVERSION_FILE: meterFile },
        gatewayPreload: [METER],
        readCounters: conversionCounters(meterFile),
      });
      runs.push({ channel: callers.label, result });
      const perCall = (result.load.cores / result.dialled.length) * 1000;
      console.log(
        `  ${result.dialled.length} connected, ${perCall.toFixed(1)} ms CPU per call-second, ${result.callsPerCore.toFixed(1)} calls/core, ${result.mbPerCall.toFixed(2)} MB/call, greeting p50 ${result.figures.greetingP50Ms} ms, reply p50 ${result.figures.responseLatencyP50Ms} ms, loop wait p99 ${result.loadLag.p99Ms} ms`,
      );
    }
  }
  writeFileSync(join(root, "results.json"), JSON.stringify(runs, null, 2));
  const section = phoneSection({
    runs,
    command,
    ...thisMachine(),
    loadAverage: loadAtStart,
    steadySeconds: steadyMs / 1000,
    network: networkMode(),
  });
  writeFileSync(BENCHMARKS_MD, withSection(readFileSync(BENCHMARKS_MD, "utf8"), section));
  console.log(`\nresults written to ${BENCHMARKS_MD}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await children.stopAll();
  if (failed || args.keep) console.error(`logs kept in ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
