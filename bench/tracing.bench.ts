// What tracing costs: a log line, an HTTP request, a call's trace bookkeeping and each audio
// chunk of a traced call, with tracing off (no OTLP endpoint, the default: nothing of
// OpenTelemetry is loaded) and on (spans exported over OTLP/HTTP to a collector on loopback).
// Each mode runs in its own Bun process, off and on alternating; figures are medians over the
// processes' rounds. Rewrites "## Tracing".
// Run: `bun bench/tracing.bench.ts` (or `npm run bench` for every benchmark).

import { readFileSync, writeFileSync } from "node:fs";
import { Hono } from "hono";
import { requestLog } from "../src/http/request-log";
import { Logger } from "../src/log/logger";
import type { ModelLeg, ModelLegEvents } from "../src/models/model-leg";
import { openTracing } from "../src/tracing/open-tracing";
import { startOtlpCollector } from "../test/otlp-collector";
import { thisMachine } from "./harness/machine";
import { withSection } from "./harness/markdown-sections";

const BENCHMARKS_MD = new URL("../BENCHMARKS.md", import.meta.url).pathname;
const PROCESSES_PER_MODE = 3;
const ROUNDS = 5;
const LOG_LINES = 20_000;
const REQUESTS = 2_000;
const CALLS = 2_000;
const AUDIO_CHUNKS = 200_000;
const MEASURES = ["log", "logInSpan", "request", "call", "audio"] as const;
type Measure = (typeof MEASURES)[number];
type Mode = "off" | "on";

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * CPU nanoseconds of this process per operation of `run(n)`: on a shared machine CPU time
 * holds steady where wall time swings with the neighbours' load. It includes the exporter's
 * own work, which runs on the same thread.
 */
async function timed(n: number, run: (n: number) => unknown): Promise<number> {
  const started = process.cpuUsage();
  await run(n);
  const used = process.cpuUsage(started);
  return ((used.user + used.system) * 1000) / n;
}

/** One process's rounds in one mode, printed as JSON. */
async function measure(mode: Mode): Promise<Record<Measure, number[]>> {
  const collector = startOtlpCollector();
  const tracing = await openTracing(
    mode === "on" ? { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url } : {},
    "bench",
  );
  const logger = new Logger("info", { service: "bench" }, () => {});
  const logLines = (n: number) => {
    for (let i = 0; i < n; i++) logger.info("turn", { callId: "call_x", responseMs: i });
  };
  const app = new Hono();
  if (tracing.requests) app.use("*", tracing.requests);
  app.use("*", requestLog(logger) as never);
  app.get("/v1/calls/:callId", (c) => c.json({ id: c.req.param("callId") }));
  const requests = async (n: number) => {
    for (let i = 0; i < n; i++) await app.request(`/v1/calls/call_${i}`);
  };
  const info = { channel: "web", direction: "inbound", tenantId: "t", agentId: "a" };
  const calls = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const trace = tracing.startCall(info);
      await trace.within(() => trace.step("call.admission", async () => i));
      trace.end("hung_up_by_api");
    }
  };
  // A leg that only emits audio, so the trace's listener is all that runs per chunk.
  const listeners: Array<(...args: ModelLegEvents["audio"]) => void> = [];
  const leg = {
    on: (event: string, listener: (...args: ModelLegEvents["audio"]) => void) => {
      if (event === "audio") listeners.push(listener);
      return () => {};
    },
  } as unknown as ModelLeg;
  tracing.startCall(info).watchModel(leg);
  const chunk = { pcm: new Int16Array(480), itemId: "item_1", responseId: "resp_1" };
  const audio = (n: number) => {
    for (let i = 0; i < n; i++) for (const listener of listeners) listener(chunk);
  };

  const out = Object.fromEntries(MEASURES.map((m) => [m, [] as number[]])) as Record<
    Measure,
    number[]
  >;
  for (let round = 0; round < ROUNDS; round++) {
    out.log.push(await timed(LOG_LINES, logLines));
    out.logInSpan.push(
      await timed(LOG_LINES, (n) => tracing.span("bench", async () => logLines(n))),
    );
    out.request.push(await timed(REQUESTS, requests));
    out.call.push(await timed(CALLS, calls));
    out.audio.push(await timed(AUDIO_CHUNKS, audio));
  }
  await tracing.shutdown();
  collector.stop();
  return out;
}

const asked = process.argv[2];
if (asked === "off" || asked === "on") {
  console.log(JSON.stringify(await measure(asked)));
  process.exit(0);
}

const all: Record<Mode, Record<Measure, number[]>> = {
  off: { log: [], logInSpan: [], request: [], call: [], audio: [] },
  on: { log: [], logInSpan: [], request: [], call: [], audio: [] },
};
for (let i = 0; i < PROCESSES_PER_MODE; i++)
  for (const mode of ["off", "on"] as const) {
    const child = Bun.spawnSync([process.execPath, import.meta.path, mode], { stderr: "inherit" });
    if (child.exitCode !== 0) throw new Error(`the ${mode} run failed`);
    const figures = JSON.parse(child.stdout.toString()) as Record<Measure, number[]>;
    for (const m of MEASURES) all[mode][m].push(...figures[m]);
  }

const ns = (value: number) =>
  value >= 10_000 ? `${(value / 1000).toFixed(1)} µs` : `${Math.round(value)} ns`;
const row = (label: string, m: Measure) =>
  `| ${label} | ${ns(median(all.off[m]))} | ${ns(median(all.on[m]))} |`;
const machine = thisMachine();
const section = `## Tracing

Command: \`bun bench/tracing.bench.ts\` (also run by \`npm run bench\`). Machine:
${machine.cores} cores (\`nproc\`), ${machine.cpuModel}, Bun ${machine.bunVersion}, ${machine.date}.
Shared machine: other work ran at the same time (load average about 25 on the 2 cores), so
the figures are CPU time of the benchmark's process, and only the columns of one run compare.

**Off** is the default (no \`OTEL_EXPORTER_OTLP_ENDPOINT\`): no OpenTelemetry module is loaded,
no middleware is registered and a call's trace is a shared no-op object. **On** exports every
span over OTLP/HTTP (protobuf, batched) to a collector on loopback in the same process. Each mode
ran in ${PROCESSES_PER_MODE} processes of its own, alternating, ${ROUNDS} rounds each; medians of CPU time per
operation, the exporter's work included.

| per | off | on |
| --- | ---: | ---: |
${row("log line, outside any span", "log")}
${row("log line inside a span (trace ids added)", "logInSpan")}
${row("HTTP request through Hono and the request log", "request")}
${row("call trace: start, admission step, end", "call")}
${row("agent audio chunk from the model (first-audio watch)", "audio")}

Off, a log line pays one check of an unset function and a request pays nothing (there is no
middleware); nothing runs per audio chunk because nothing listens. On, a request's server span
and its share of the export cost tens of microseconds of CPU, a call's spans about as much once
per call, and each audio chunk a few tens of nanoseconds (one set lookup). Off, the two log
rows do the same work: the gap between them is this run's noise.
`;
writeFileSync(BENCHMARKS_MD, withSection(readFileSync(BENCHMARKS_MD, "utf8"), section));
console.log(section);
console.log("results written to BENCHMARKS.md");
