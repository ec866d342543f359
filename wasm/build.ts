// Builds the audio core: wasm/assembly/*.ts -> wasm/build/audio.wasm with the AssemblyScript
// compiler. Run by `npm ci` (prepare) and `npm run build:wasm`; skips work when the output is
// newer than every source. Pass --force to rebuild anyway.

import { mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const wasmDir = fileURLToPath(new URL(".", import.meta.url));
const sourceDir = join(wasmDir, "assembly");
const outFile = join(wasmDir, "build", "audio.wasm");

const ASC_ARGS = [
  join(sourceDir, "index.ts"),
  "--outFile",
  outFile,
  "-O3",
  // TLSF allocator, no automatic GC: the core only uses raw heap blocks it frees itself.
  "--runtime",
  "minimal",
  "--enable",
  "simd",
];

function newestSourceMtime(): number {
  const sources = readdirSync(sourceDir).map((name) => join(sourceDir, name));
  sources.push(fileURLToPath(import.meta.url));
  return Math.max(...sources.map((path) => statSync(path).mtimeMs));
}

function outputMtime(): number {
  try {
    return statSync(outFile).mtimeMs;
  } catch {
    return 0;
  }
}

async function build(): Promise<void> {
  const force = process.argv.includes("--force");
  if (!force && outputMtime() > newestSourceMtime()) {
    console.log("wasm/build/audio.wasm is up to date");
    return;
  }
  mkdirSync(join(wasmDir, "build"), { recursive: true });
  const started = performance.now();
  // Loaded only when needed: the compiler takes longer to import than an up-to-date check.
  const { default: asc } = await import("assemblyscript/asc");
  const { error, stderr } = await asc.main(ASC_ARGS);
  if (error) {
    console.error(stderr.toString());
    console.error(`audio core build failed: ${error.message}`);
    process.exit(1);
  }
  const ms = Math.round(performance.now() - started);
  console.log(`built wasm/build/audio.wasm (${statSync(outFile).size} bytes) in ${ms} ms`);
}

await build();
