import { beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  API_TYPES_DIR,
  apiTypesSources,
  generatedFiles,
  openApiDocument,
} from "../../../test/console-api-types";
import { type Doc, missingOperations } from "./generate-types";
import { CONSOLE_OPERATIONS } from "./operations";

// The console's API calls are typed from /openapi.json: a path, method or field the document
// does not have fails here (and, once the types are written again, in `tsc`).

const CONSOLE_DIR = fileURLToPath(new URL("..", import.meta.url));
const OPERATION_LITERAL = /["'`]((?:GET|POST|PUT|PATCH|DELETE) \/v1\/[^"'`]*)["'`]/g;

let doc: Doc;
beforeAll(async () => {
  doc = await openApiDocument();
});

function consoleSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return consoleSources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes(".test.") ? [path] : [];
  });
}

describe("the console's API types", () => {
  test("every operation the console lists is in /openapi.json", () => {
    expect(missingOperations(doc, CONSOLE_OPERATIONS)).toEqual([]);
  });

  test("the generated types are what /openapi.json gives today (else run `npm run api-types`)", () => {
    const wanted = apiTypesSources(doc);
    expect(generatedFiles().sort()).toEqual([...wanted.keys()].sort());
    for (const [file, source] of wanted) {
      expect({ file, source: readFileSync(join(API_TYPES_DIR, file), "utf8") }).toEqual({
        file,
        source,
      });
    }
  });

  test("every operation named in the console's source is a listed one", () => {
    const listed = new Set<string>(CONSOLE_OPERATIONS);
    const unlisted = consoleSources(CONSOLE_DIR).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(OPERATION_LITERAL)]
        .map((match) => match[1] as string)
        .filter((operation) => !listed.has(operation))
        .map((operation) => `${file.slice(CONSOLE_DIR.length)}: ${operation}`),
    );
    expect(unlisted).toEqual([]);
  });

  test("a renamed field or a missing operation is caught", () => {
    const renamed: Doc = structuredClone(doc);
    const tenant = renamed.components?.schemas.Tenant;
    tenant.properties.title = tenant.properties.name;
    delete tenant.properties.name;
    tenant.required = tenant.required.map((field: string) => (field === "name" ? "title" : field));
    const before = apiTypesSources(doc).get("types/tenants.gen.ts");
    expect(before).toContain("name: string;");
    expect(apiTypesSources(renamed).get("types/tenants.gen.ts")).not.toBe(before);
    expect(
      missingOperations(doc, ["GET /v1/tenants", "GET /v1/nowhere", "PUT /v1/tenants"]),
    ).toEqual(["GET /v1/nowhere", "PUT /v1/tenants"]);
  });
});
