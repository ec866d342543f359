// Runs every bench/*.bench.ts in name order, each in its own Bun process so that one
// benchmark's JIT state and heap do not colour the next. `npm run bench` runs this.

import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const benchDir = fileURLToPath(new URL(".", import.meta.url));
const benches = readdirSync(benchDir)
  .filter((name) => name.endsWith(".bench.ts"))
  .sort();

let failed = 0;
for (const name of benches) {
  console.log(`\n== ${name}`);
  // process.execPath is the running Bun binary.
  const run = spawnSync(process.execPath, [`${benchDir}${name}`], { stdio: "inherit" });
  if (run.status !== 0) {
    failed++;
    console.error(`${name} failed (exit ${run.status ?? run.signal})`);
  }
}
if (failed > 0) process.exit(1);
