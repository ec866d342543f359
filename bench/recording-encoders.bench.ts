// Opus encoder comparison for call recordings: each candidate from the npm registry is measured
// in processes of its own (median of three runs): encode CPU per second of stereo 48 kHz audio
// (20 ms frames, VoIP, 32 kbit/s), startup and memory. Only the chosen one (@evan/opus) is a
// dependency; the others are installed for the run only:
//   npm install --no-save opusscript@0.1.1 @discordjs/opus@0.10.0
// A candidate that is not installed is listed as such. Rewrites "## Opus encoder for recordings".

import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { thisMachine } from "./harness/machine";
import { withSection } from "./harness/markdown-sections";

const BENCHMARKS_MD = new URL("../BENCHMARKS.md", import.meta.url).pathname;
const CHILD = new URL("./recording/encoder-candidate.ts", import.meta.url).pathname;
const RUNS = 3;

interface Row {
  label: string;
  name: string;
  complexity?: number;
  env?: Record<string, string>;
}
const ROWS: Row[] = [
  {
    label: "@evan/opus 1.0.3, WASM (SIMD) build — chosen",
    name: "evan-wasm",
    complexity: 5,
    env: { OPUS_FORCE_WASM: "1" },
  },
  {
    label: "@evan/opus 1.0.3, WASM (SIMD) build",
    name: "evan-wasm",
    env: { OPUS_FORCE_WASM: "1" },
  },
  { label: "@evan/opus 1.0.3, its native N-API build", name: "evan-native", complexity: 5 },
  { label: "@evan/opus 1.0.3, its native N-API build", name: "evan-native" },
  { label: "opusscript 0.1.1, emscripten WASM", name: "opusscript-wasm", complexity: 5 },
  { label: "opusscript 0.1.1, emscripten WASM", name: "opusscript-wasm" },
  { label: "opusscript 0.1.1, emscripten asm.js", name: "opusscript-asmjs" },
  { label: "@discordjs/opus 0.10.0, native (prebuilt)", name: "discordjs-native", complexity: 5 },
  { label: "@discordjs/opus 0.10.0, native (prebuilt)", name: "discordjs-native" },
];

interface Result {
  complexity: number;
  startupMs: number;
  cpuMsPerAudioSecond: number;
  kbitPerSecond: number;
  rssAfterLoadMb: number;
  kbPerEncoder: number;
}

function runOnce(row: Row): Result | string {
  const args = [CHILD, row.name, ...(row.complexity === undefined ? [] : [String(row.complexity)])];
  const run = spawnSync(process.execPath, args, {
    env: { ...process.env, ...row.env },
    encoding: "utf8",
  });
  if (run.status !== 0) {
    const why = /Cannot find (module|package)/.test(run.stderr) ? "not installed" : "failed";
    return `${why}: ${
      run.stderr
        .trim()
        .split("\n")
        .find((l) => /error/i.test(l)) ?? ""
    }`.trim();
  }
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}") as Result;
}

const median = (values: number[]) =>
  values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const lines: string[] = [];
for (const row of ROWS) {
  const runs = Array.from({ length: RUNS }, () => runOnce(row));
  const ok = runs.filter((r): r is Result => typeof r !== "string");
  const complexity = row.complexity ?? 10;
  if (ok.length === 0) {
    const why = runs.find((r) => typeof r === "string") ?? "failed";
    lines.push(`| ${row.label} | ${complexity} | ${why} | | | | |`);
    console.log(row.label, why);
    continue;
  }
  const m = (key: keyof Result) => median(ok.map((r) => r[key]));
  const cells = [
    row.label,
    complexity,
    m("cpuMsPerAudioSecond").toFixed(1),
    m("startupMs").toFixed(0),
    m("rssAfterLoadMb").toFixed(1),
    m("kbPerEncoder").toFixed(0),
    m("kbitPerSecond").toFixed(1),
  ];
  lines.push(`| ${cells.join(" | ")} |`);
  console.log(cells.join("  "));
}

const machine = thisMachine();
const section = `## Opus encoder for recordings

Recordings are stereo Ogg/Opus (caller left, agent right), encoded while the call runs, so the
encoder's CPU is paid for every second of every call. Each candidate from the npm registry
encoded 120 s of stereo speech at 48 kHz in 20 ms frames (VoIP application, 32 kbit/s), each in
a process of its own; the figures are the median of ${RUNS} runs. CPU is user + system time of the
encoding loop per second of audio (so 30 ms is 3 % of one core per recorded call); startup is
loading the library, creating one encoder and encoding one frame; memory is the RSS the library
added once loaded, and per further encoder (100 created).

Machine: ${machine.cores} cores (${machine.cpuModel}), Bun ${machine.bunVersion}, ${machine.date}.
Run: \`bun bench/recording-encoders.bench.ts\` (part of \`npm run bench\`). Only the chosen
package is a dependency; the others were installed for the run only with
\`npm install --no-save opusscript@0.1.1 @discordjs/opus@0.10.0\` (a row says "not installed"
when they are absent).

| encoder | complexity | CPU ms per audio second | startup ms | RSS after load MB | KB per encoder | kbit/s out |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${lines.join("\n")}

Chosen: **@evan/opus, its WASM build**, at complexity 5. It is libopus compiled to WebAssembly
(with SIMD), loads from the package on any platform with no install script, and costs about as
much CPU as opusscript's WASM build with half its memory per encoder; opusscript's views into its
heap also go stale when the heap grows (many encoders at once), which made it throw in this
benchmark when encoders were created after others. The native builds are cheaper: @discordjs/opus at
complexity 5 was the cheapest of all (its libopus build takes a much cheaper path at 5 than at
10, which the WASM builds do not show). It was not chosen because it needs an install script
(which npm here does not run by default) and its loader looks for a binary named after Node's
ABI, so under Bun it loads only by path; @evan/opus's own native build ships for five platforms
only. Complexity 5 roughly halves libopus's CPU against its default of 10 at the same bit rate,
which is plenty for speech. Switching to a native build later is a change to one file
(\`src/recording/stereo-ogg-encoder.ts\`).
`;
writeFileSync(BENCHMARKS_MD, withSection(readFileSync(BENCHMARKS_MD, "utf8"), section));
console.log("results written to BENCHMARKS.md");
