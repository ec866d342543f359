import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildConsole } from "./build";

const BUDGET_BYTES = 150 * 1024;
const outdir = mkdtempSync(join(tmpdir(), "astra-console-build-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

test("the console's JavaScript stays under 150 KB gzipped, and its page runs no inline script", async () => {
  const outputs = await buildConsole(outdir);
  const scripts = outputs.filter((output) => output.path.endsWith(".js"));
  expect(scripts.length).toBeGreaterThan(0);
  const gzipped = scripts.reduce(
    (total, output) => total + Bun.gzipSync(readFileSync(output.path), { level: 9 }).length,
    0,
  );
  console.log(`console JavaScript: ${gzipped} bytes gzipped`);
  expect(gzipped).toBeLessThan(BUDGET_BYTES);

  const html = readFileSync(join(outdir, "index.html"), "utf8");
  const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length).toBeGreaterThan(0);
  for (const tag of scriptTags) expect(tag).toMatch(/\ssrc="\/console\/[\w.-]+\.js"/);
});
