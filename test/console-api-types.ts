// `npm run api-types`: writes the console's API types (src/console/api/api-types.gen.ts and
// types/*.gen.ts) from the app's /openapi.json. The test beside them checks the files are current.

import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Doc, generateApiTypes } from "../src/console/api/generate-types";
import { CONSOLE_OPERATIONS } from "../src/console/api/operations";
import { startTestApi } from "./api-harness";

/** The folder the generated files' paths are relative to. */
export const API_TYPES_DIR = fileURLToPath(new URL("../src/console/api/", import.meta.url));
const BIOME = fileURLToPath(new URL("../node_modules/.bin/biome", import.meta.url));

/** The document the app serves at /openapi.json. */
export async function openApiDocument(): Promise<Doc> {
  const api = await startTestApi();
  try {
    const res = await api.call("GET", "/openapi.json", { key: null });
    if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
    return res.body as Doc;
  } finally {
    await api.close();
  }
}

/** `source` as the project's formatter writes it, so the file passes `npm run check`. */
function formatted(file: string, source: string): string {
  const biome = Bun.spawnSync(
    [BIOME, "check", "--write", `--stdin-file-path=${join(API_TYPES_DIR, file)}`],
    {
      stdin: new TextEncoder().encode(source),
    },
  );
  if (biome.exitCode !== 0) throw new Error(`biome format failed: ${biome.stderr.toString()}`);
  return biome.stdout.toString();
}

/** What each generated file should hold for `operations` and `doc`, by path under API_TYPES_DIR. */
export function apiTypesSources(
  doc: Doc,
  operations: readonly string[] = CONSOLE_OPERATIONS,
): Map<string, string> {
  const files = generateApiTypes(doc, operations);
  return new Map([...files].map(([file, source]) => [file, formatted(file, source)]));
}

/** The generated files there are now, by path under API_TYPES_DIR. */
export function generatedFiles(): string[] {
  const types = readdirSync(join(API_TYPES_DIR, "types")).filter((f) => f.endsWith(".gen.ts"));
  return ["api-types.gen.ts", ...types.map((f) => `types/${f}`)];
}

if (import.meta.main) {
  const sources = apiTypesSources(await openApiDocument());
  rmSync(join(API_TYPES_DIR, "types"), { recursive: true, force: true });
  for (const [file, source] of sources) {
    mkdirSync(dirname(join(API_TYPES_DIR, file)), { recursive: true });
    writeFileSync(join(API_TYPES_DIR, file), source);
  }
  console.log(`wrote ${sources.size} files under ${API_TYPES_DIR}`);
}
