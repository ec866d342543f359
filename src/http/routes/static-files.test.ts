import { afterAll, beforeAll, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { startTestApi, type TestApi } from "../../../test/api-harness";

const STATIC = new URL("../../../static/", import.meta.url).pathname;

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** The policy's directives by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name = "", ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

test("the demo page and its files carry a strict Content-Security-Policy", async () => {
  for (const path of ["/demo", "/static/demo.js", "/static/demo.css", "/static/brand.js"]) {
    const res = await api.call("GET", path, { key: null });
    expect(res.status).toBe(200);
    const policy = directives(res.headers.get("content-security-policy") ?? "");
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.get("script-src")).toEqual(["'self'"]);
    expect(policy.get("style-src")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  }
});

test("the demo page has no inline script, style or event handler for the policy to refuse", () => {
  const html = readFileSync(`${STATIC}demo.html`, "utf8");
  for (const script of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
    expect(script).toMatch(/^<script\b[^>]*\bsrc="\/static\/[\w-]+\.js"[^>]*><\/script>$/);
  }
  expect(html).not.toMatch(/<style\b/i);
  expect(html).not.toMatch(/\sstyle\s*=/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  // Scripts set styles through the CSSOM only, which the policy allows; a style attribute it
  // would refuse.
  for (const file of readdirSync(STATIC).filter((name) => name.endsWith(".js"))) {
    const code = readFileSync(`${STATIC}${file}`, "utf8");
    expect({ file, styleAttribute: /setAttribute\(\s*["']style/.test(code) }).toEqual({
      file,
      styleAttribute: false,
    });
  }
});
