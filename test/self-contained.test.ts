import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A fresh clone must test and benchmark on its own: no file may point at a path above the
 * repository root (a sibling checkout's audio, fixtures or docs).
 */

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FOLDERS = ["src", "test", "bench", "static", "wasm"];
const TOP_FILES = ["package.json", "README.md", "BENCHMARKS.md"];
const SCANNED = /\.(ts|js|json|md|html)$/;
const SKIPPED_DIRS = new Set(["node_modules", "build", "data"]);
/** This file, whose own examples climb out on purpose. */
const THIS_FILE = fileURLToPath(import.meta.url);

/** A `./` or `../` path token, cut where a quote, bracket, space or template part starts. */
const RELATIVE_PATH = /(?<![\w./-])\.{1,2}\/[^\s"'`()[\]{}<>,;$]*/g;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : filesUnder(path);
    return SCANNED.test(entry.name) ? [path] : [];
  });
}

/** The relative paths in `text` that, read from `file`'s folder, leave `root`. */
export function pathsLeavingRoot(file: string, text: string, root: string): string[] {
  const found = text.match(RELATIVE_PATH) ?? [];
  return found.filter((path) => {
    const fromRoot = relative(root, resolve(dirname(file), path));
    return fromRoot === ".." || fromRoot.startsWith(`..${sep}`);
  });
}

describe("the repository is self-contained", () => {
  test("no source, test, benchmark or doc file refers to a path above the repository root", () => {
    const files = [
      ...FOLDERS.flatMap((folder) => filesUnder(join(ROOT, folder))),
      ...TOP_FILES.map((name) => join(ROOT, name)),
    ].filter((file) => file !== THIS_FILE);
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) =>
      pathsLeavingRoot(file, readFileSync(file, "utf8"), ROOT).map(
        (path) => `${relative(ROOT, file)}: ${path}`,
      ),
    );
    expect(offenders).toEqual([]);
  });

  test("the check catches a path that climbs out, and lets one that stays inside through", () => {
    const root = "/repo";
    const climbing = [
      'new URL("../../../../harness/audio/en-hours.wav", import.meta.url)',
      "readFileSync(`../../../outside/` + name)",
      "see [the notes](../../../NOTES.md)",
    ];
    for (const text of climbing) {
      expect(pathsLeavingRoot("/repo/src/calls/x.ts", text, root)).toHaveLength(1);
    }
    expect(pathsLeavingRoot("/repo/README.md", "see `../harness/ARCHITECTURE.md`", root)).toEqual([
      "../harness/ARCHITECTURE.md",
    ]);
    const inside = [
      'import { a } from "../../test/assets";',
      'new URL("../../wasm/build/audio.wasm", import.meta.url)',
      'new URL("./voice/", import.meta.url)',
      "a range of 0..5 and 1.5/2",
    ];
    for (const text of inside) {
      expect(pathsLeavingRoot("/repo/src/calls/x.ts", text, root)).toEqual([]);
    }
  });
});
