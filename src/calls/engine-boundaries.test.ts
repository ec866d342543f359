import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

// The call engine asks (through the ports it declares) and the edges answer: nothing under
// calls/ may reach storage, HTTP, webhooks, the wiring, the network, tools, or a driver directly.
const ENGINE = import.meta.dir;
const FORBIDDEN = [
  /\/store\//,
  /\/lines\//,
  /\/http\//,
  /\/webhooks\//,
  /\/startup\//,
  /\/media\/webrtc\//,
  /\/net\//,
  /\/tools\//,
  /^@modelcontextprotocol\//,
  /\/models\/(openai|simulator)\//,
  /^@libsql\//,
  /^@roamhq\/wrtc/,
  /^hono/,
  /^bun$/,
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

test("the call engine imports no storage, HTTP, webhook, wiring, network, tool or driver module", () => {
  const offending: string[] = [];
  for (const file of sources(ENGINE)) {
    const text = readFileSync(file, "utf8");
    for (const [, target = ""] of text.matchAll(/from\s+"([^"]+)"/g)) {
      if (FORBIDDEN.some((rule) => rule.test(target)))
        offending.push(`${relative(ENGINE, file)} imports ${target}`);
    }
  }
  expect(offending).toEqual([]);
});
