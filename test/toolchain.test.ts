import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";

/**
 * The runtimes the project declares (package.json engines), the ones its Docker image uses and
 * the ones its locked dependencies ask for must agree.
 */

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), "utf8");
const pkg = JSON.parse(read("package.json"));
const lock = JSON.parse(read("package-lock.json"));
const dockerfile = read("Dockerfile");

/** The lowest version a `>=x[.y[.z]]` range allows; other range forms are not used here. */
function lowestOf(range: string): string {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range);
  if (!match) throw new Error(`engines range ${range} is not of the form >=x.y.z`);
  return `${match[1]}.${match[2] ?? 0}.${match[3] ?? 0}`;
}

describe("the toolchain", () => {
  test("the Docker image runs the locked Bun, which the engines and devDependency allow", () => {
    const imageBun = /^FROM oven\/bun:(\d+\.\d+\.\d+)/m.exec(dockerfile)?.[1] ?? "";
    expect(imageBun).toBe(lock.packages["node_modules/bun"].version);
    expect(Bun.semver.satisfies(imageBun, pkg.engines.bun)).toBe(true);
    expect(Bun.semver.satisfies(imageBun, pkg.devDependencies.bun)).toBe(true);
    expect(Bun.semver.satisfies(Bun.version, pkg.engines.bun)).toBe(true);
  });

  test("the Docker build stage's Node meets the declared engines", () => {
    const imageNode = /^FROM node:(\d+)/m.exec(dockerfile)?.[1];
    expect(imageNode).toBeDefined();
    expect(Bun.semver.satisfies(`${imageNode}.0.0`, pkg.engines.node)).toBe(true);
  });

  test("every locked package's engines are met by the lowest versions the project declares", () => {
    const lowest: Record<string, string> = {
      node: lowestOf(pkg.engines.node),
      npm: lowestOf(pkg.engines.npm),
      bun: lowestOf(pkg.engines.bun),
    };
    const unmet: string[] = [];
    for (const [path, entry] of Object.entries<any>(lock.packages)) {
      if (path === "") continue;
      for (const [engine, range] of Object.entries<string>(entry.engines ?? {})) {
        // io.js merged back into Node in 2015; old packages (co, under s3rver) still name it.
        if (engine === "iojs") continue;
        const version = lowest[engine];
        if (!version || !Bun.semver.satisfies(version, range)) {
          unmet.push(`${path} needs ${engine} ${range}; the project declares ${version ?? "none"}`);
        }
      }
    }
    expect(unmet).toEqual([]);
  });
});
