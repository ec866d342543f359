// Where recordings are encoded, measured by what it does to the audio clock: one process ticks
// the real 10 ms frame clock for N calls, each with a recorder fed speech on both sides, with
// the encoding (a) in one worker thread, (b) inline between ticks (setImmediate), and (c) not at
// all (no recording), for the same time. Reports how late ticks fire (p50/p99/max), clock
// stalls, and CPU of the clock's thread and of the process. Then a 30-minute recorded call,
// driven faster than real time, shows memory staying flat. Rewrites two BENCHMARKS.md sections.
//
//   bun bench/recording-clock.bench.ts                 (about 3 minutes)

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileBlobStore } from "../src/blobs/file-blob-store";
import { MonotonicFrameClock } from "../src/calls/frame-clock";
import { memoryLogger } from "../src/log/logger";
import { CallRecorder } from "../src/recording/call-recorder";
import type { RecordingEncoders } from "../src/recording/encoders";
import { InlineEncoders } from "../src/recording/inline-encoders";
import { WorkerEncoders } from "../src/recording/worker-encoders";
import { readWav48kMono } from "../test/wav";
import { thisMachine } from "./harness/machine";
import { withSection } from "./harness/markdown-sections";

const BENCHMARKS_MD = new URL("../BENCHMARKS.md", import.meta.url).pathname;
const CALLS = [10, 25];
const RUN_MS = 15_000;
const FRAME = 480;
const speech = readWav48kMono(join(import.meta.dir, "../test/assets/audio/en-hours.wav"));
const root = mkdtempSync(join(tmpdir(), "astra-rec-clock-"));

function frameAt(index: number, out: Int16Array): Int16Array {
  const start = (index * FRAME) % (speech.length - FRAME);
  out.set(speech.subarray(start, start + FRAME));
  return out;
}

interface ClockRun {
  mode: string;
  calls: number;
  p50: number;
  p99: number;
  max: number;
  stalls: number;
  processCores: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function clockRun(mode: "worker" | "inline" | "none", calls: number): Promise<ClockRun> {
  const encoders: RecordingEncoders | null =
    mode === "worker" ? new WorkerEncoders() : mode === "inline" ? new InlineEncoders() : null;
  const blobs = new FileBlobStore(join(root, `${mode}-${calls}`));
  let stalls = 0;
  const clock = new MonotonicFrameClock(
    () => performance.now(),
    () => stalls++,
  );
  const lateness: number[] = [];
  const recorders: CallRecorder[] = [];
  const unsubscribe: Array<() => void> = [];
  const startedAt = performance.now();
  for (let c = 0; c < calls; c++) {
    const frame = new Int16Array(FRAME);
    let tick = 0;
    const recorder = encoders
      ? new CallRecorder({
          streamId: `call-${c}`,
          encoders,
          writePart: (n, bytes) => blobs.put(`recordings/bench/call-${c}/part-${n}`, bytes),
          onError: (error) => console.error(error),
        })
      : null;
    encoders?.open(`call-${c}`, c + 1);
    if (recorder) recorders.push(recorder);
    unsubscribe.push(
      clock.subscribe((frameTime) => {
        if (c === 0) lateness.push(performance.now() - frameTime);
        // The caller speaks into one side, the agent into the other (half the time each).
        recorder?.callerFrame(frameAt(tick + c * 37, frame));
        recorder?.agentFrame(frameAt(tick + 150 + c * 53, frame));
        recorder?.tick(frameTime - startedAt);
        tick++;
      }),
    );
  }
  const cpuStart = process.cpuUsage();
  await Bun.sleep(RUN_MS);
  const cpu = process.cpuUsage(cpuStart);
  for (const stop of unsubscribe) stop();
  for (const recorder of recorders) recorder.stop();
  await Promise.all(recorders.map((r) => r.done));
  await encoders?.shutdown();
  const sorted = lateness.slice(50).sort((a, b) => a - b);
  return {
    mode,
    calls,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? 0,
    stalls,
    processCores: (cpu.user + cpu.system) / 1000 / RUN_MS,
  };
}

interface MemorySample {
  minute: number;
  rssMb: number;
  heapMb: number;
  parts: number;
}

/** A 30-minute call's recorder fed as fast as the worker encodes it; memory every 5 minutes. */
async function longCall(): Promise<{ samples: MemorySample[]; seconds: number; sizeMb: number }> {
  const encoders = new WorkerEncoders();
  const blobs = new FileBlobStore(join(root, "long"));
  const { logger } = memoryLogger("error");
  let parts = 0;
  let bytes = 0;
  encoders.open("long", 7);
  const recorder = new CallRecorder({
    streamId: "long",
    encoders,
    writePart: async (n, part) => {
      parts = n;
      bytes += part.length;
      await blobs.put(`recordings/bench/long/part-${String(n).padStart(6, "0")}`, part);
    },
    onError: (error) => logger.error("recording failed", { error }),
  });
  const frame = new Int16Array(FRAME);
  const samples: MemorySample[] = [];
  const started = performance.now();
  const ticks = 30 * 60 * 100;
  for (let tick = 0; tick < ticks; tick++) {
    recorder.callerFrame(frameAt(tick, frame));
    recorder.agentFrame(frameAt(tick + 300, frame));
    recorder.tick(tick * 10);
    // Every second of call time, let the encoder catch up, as the real clock's pace would.
    if (tick % 100 === 99) await waitForParts(() => parts, Math.floor((tick + 1) / 300) - 1);
    if (tick % (5 * 60 * 100) === 0 || tick === ticks - 1) {
      Bun.gc(true);
      const memory = process.memoryUsage();
      samples.push({
        minute: Math.round(tick / 6000),
        rssMb: memory.rss / 1048576,
        heapMb: memory.heapUsed / 1048576,
        parts,
      });
    }
  }
  recorder.stop();
  await recorder.done;
  await encoders.shutdown();
  return { samples, seconds: (performance.now() - started) / 1000, sizeMb: bytes / 1048576 };
}

async function waitForParts(written: () => number, atLeast: number) {
  while (written() < atLeast) await Bun.sleep(1);
}

const runs: ClockRun[] = [];
for (const calls of CALLS) {
  for (const mode of ["none", "worker", "inline"] as const) {
    const run = await clockRun(mode, calls);
    runs.push(run);
    console.log(
      `${calls} calls, ${mode}: late p50 ${run.p50.toFixed(2)} p99 ${run.p99.toFixed(2)} max ${run.max.toFixed(1)} ms, stalls ${run.stalls}, ${run.processCores.toFixed(2)} cores`,
    );
  }
}
const long = await longCall();
for (const s of long.samples)
  console.log(
    `minute ${s.minute}: rss ${s.rssMb.toFixed(1)} MB, heap ${s.heapMb.toFixed(1)} MB, parts ${s.parts}`,
  );
rmSync(root, { recursive: true, force: true });

const machine = thisMachine();
const clockSection = `## Recording: the encoder off the clock's path

One process ticks the real 10 ms frame clock for N calls, each with a recorder fed speech on both
sides for ${RUN_MS / 1000} s; the Opus encoding runs either in one worker thread for every call or
on the clock's thread between ticks (each 200 ms batch in a setImmediate of its own), against no
recording at all. "Late" is how long after its deadline a tick ran (one call's ticks); a stall is
the clock skipping over 200 ms of frames. CPU is the whole process (worker included).

Machine: ${machine.cores} cores (${machine.cpuModel}), Bun ${machine.bunVersion}, ${machine.date}.
Run: \`bun bench/recording-clock.bench.ts\` (part of \`npm run bench\`).

| calls | encoding | tick late p50 ms | p99 ms | max ms | clock stalls | process cores |
| ---: | --- | ---: | ---: | ---: | ---: | ---: |
${runs.map((r) => `| ${r.calls} | ${r.mode === "none" ? "no recording" : r.mode === "worker" ? "worker thread" : "inline, between ticks"} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(1)} | ${r.stalls} | ${r.processCores.toFixed(2)} |`).join("\n")}

Kept: the worker thread (\`src/recording/worker-encoders.ts\`), which leaves the clock's thread
only the copying of frames; inline encoding puts every call's encoder CPU on the thread that
paces the audio.
`;
const memorySection = `## Recording memory over a 30-minute call

One recorder (worker encoding, parts to a folder blob store) fed 30 minutes of stereo speech
frames as fast as the encoder keeps up (${long.seconds.toFixed(0)} s for the 30 minutes); the
process's RSS and JavaScript heap after a full GC, every 5 minutes of call time. The recording
grew to ${long.sizeMb.toFixed(1)} MB in the blob store; the process holds one 200 ms batch, the
pages of the part being gathered (3 s) and any batches waiting for the encoder.

Machine: ${machine.cores} cores, Bun ${machine.bunVersion}, ${machine.date}.
Run: \`bun bench/recording-clock.bench.ts\`.

| call minute | RSS MB | heap MB | parts written |
| ---: | ---: | ---: | ---: |
${long.samples.map((s) => `| ${s.minute} | ${s.rssMb.toFixed(1)} | ${s.heapMb.toFixed(1)} | ${s.parts} |`).join("\n")}
`;
let md = readFileSync(BENCHMARKS_MD, "utf8");
md = withSection(md, clockSection);
md = withSection(md, memorySection);
writeFileSync(BENCHMARKS_MD, md);
console.log("results written to BENCHMARKS.md");
