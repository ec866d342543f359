// Builds the console with Bun's bundler: src/console/index.html and everything it loads →
// static/console/ (gitignored), file names hashed. Run by `npm ci` (prepare) and
// `npm run build:console`; the server serves the result at / and /console/*.

import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ENTRY = fileURLToPath(new URL("index.html", import.meta.url));
export const CONSOLE_OUT_DIR = fileURLToPath(new URL("../../static/console", import.meta.url));

/** Bundles the console into `outdir` (emptied first); throws with the bundler's messages. */
export async function buildConsole(outdir: string = CONSOLE_OUT_DIR) {
  rmSync(outdir, { recursive: true, force: true });
  const result = await Bun.build({
    entrypoints: [ENTRY],
    outdir,
    target: "browser",
    minify: true,
    // Pages live at /console/<page>/…: the files must be named from the root.
    publicPath: "/console/",
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
  });
  if (!result.success) {
    throw new Error(`console build failed:\n${result.logs.map(String).join("\n")}`);
  }
  return result.outputs;
}

if (import.meta.main) {
  const started = performance.now();
  const outputs = await buildConsole();
  const bytes = outputs.reduce((total, output) => total + output.size, 0);
  const ms = Math.round(performance.now() - started);
  console.log(`built static/console/ (${outputs.length} files, ${bytes} bytes) in ${ms} ms`);
}
