import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { buildConsole } from "../../console/build";
import { CONSOLE_CSP, consoleRoutes } from "./console-files";

let api: TestApi;
const empty = mkdtempSync(join(tmpdir(), "astra-no-console-"));
beforeAll(async () => {
  // Into static/console/, where the app serves it from, as `npm ci` does.
  await buildConsole();
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
  rmSync(empty, { recursive: true, force: true });
});

const get = (path: string) => api.call("GET", path, { key: null });

describe("the console's files", () => {
  test("its page is served at / and at any /console/ page, under a strict CSP", async () => {
    for (const path of ["/", "/console", "/console/overview", "/console/tenants/ten_x/edit"]) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.body).toContain('<div id="app">');
      expect(res.headers.get("content-security-policy")).toBe(CONSOLE_CSP);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("cache-control")).toBe("no-cache");
    }
  });

  test("the CSP allows only this origin's scripts and nothing inline or framed", () => {
    const directives = new Map(
      CONSOLE_CSP.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]),
    );
    expect(directives.get("default-src")).toBe("'self'");
    expect(directives.get("script-src")).toBe("'self'");
    expect(directives.get("style-src")).toBe("'self'");
    expect(directives.get("object-src")).toBe("'none'");
    expect(directives.get("base-uri")).toBe("'none'");
    expect(directives.get("frame-ancestors")).toBe("'none'");
    expect(CONSOLE_CSP).not.toContain("unsafe-inline");
    expect(CONSOLE_CSP).not.toContain("unsafe-eval");
  });

  test("its hashed files are served for good, with the same headers; others are not found", async () => {
    const page = (await get("/")).body as string;
    const script = /src="(\/console\/[\w.-]+\.js)"/.exec(page)?.[1] ?? "";
    const res = await get(script);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("content-security-policy")).toBe(CONSOLE_CSP);
    for (const path of [
      "/console/missing.js",
      "/console/%2e%2e%2fpackage.json",
      "/console/a/b.js",
    ]) {
      const missing = await get(path);
      expect({ path, status: missing.status }).toEqual({ path, status: 404 });
      expect(missing.headers.get("content-security-policy")).toBe(CONSOLE_CSP);
    }
  });

  test("its page is not served elsewhere without its headers; the demo page stays", async () => {
    expect((await get("/static/console/index.html")).status).toBe(404);
    const demo = await get("/demo");
    expect(demo.status).toBe(200);
    expect(demo.body).toContain("<html");
  });

  test("a checkout whose console is not built says how to build it", async () => {
    const res = await consoleRoutes(empty).request("/console/overview");
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("npm run build:console");
    expect(res.headers.get("content-security-policy")).toBe(CONSOLE_CSP);
  });
});
