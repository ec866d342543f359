// `npm run api-types`: writes the console's API types (src/console/api/api-types.gen.ts) from
// the app's /openapi.json. The test beside them checks the file is current.

import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Doc, generateApiTypes } from "../src/console/api/generate-types";
import { CONSOLE_OPERATIONS } from "../src/console/api/operations";
import { startTestApi } from "./api-harness";

export const API_TYPES_FILE = fileURLToPath(
  new URL("../src/console/api/api-types.gen.ts", import.meta.url),
);
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
function formatted(source: string): string {
  const biome = Bun.spawnSync([BIOME, "format", `--stdin-file-path=${API_TYPES_FILE}`], {
    stdin: new TextEncoder().encode(source),
  });
  if (biome.exitCode !== 0) throw new Error(`biome format failed: ${biome.stderr.toString()}`);
  return biome.stdout.toString();
}

/** What api-types.gen.ts should hold for `operations` and the document `doc`. */
export function apiTypesSource(doc: Doc, operations: readonly string[] = CONSOLE_OPERATIONS) {
  return formatted(generateApiTypes(doc, operations));
}

if (import.meta.main) {
  writeFileSync(API_TYPES_FILE, apiTypesSource(await openApiDocument()));
  console.log(`wrote ${API_TYPES_FILE}`);
}
