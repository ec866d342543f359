import { afterEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";

let api: TestApi;
afterEach(() => api.close());

/** The `src` of every script and `href` of every link element in a page. */
function referencedUrls(html: string): { scripts: string[]; links: string[] } {
  const all = (pattern: RegExp) => [...html.matchAll(pattern)].map((m) => m[1] ?? "");
  return {
    scripts: all(/<script[^>]*\ssrc="([^"]*)"/g),
    links: all(/<link[^>]*\shref="([^"]*)"/g),
  };
}

describe("the API reference page", () => {
  test("loads only same-origin scripts and styles, each of which the gateway serves", async () => {
    api = await startTestApi();
    const page = await api.call("GET", "/docs", { key: null });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const { scripts, links } = referencedUrls(page.body);
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const url of [...scripts, ...links]) {
      expect(url).toMatch(/^\/(?!\/)/); // a path on this origin, not http(s):// or //host
    }
    for (const url of scripts) {
      const script = await api.call("GET", url, { key: null });
      expect([url, script.status]).toEqual([url, 200]);
      expect(script.headers.get("content-type")).toContain("javascript");
      expect(script.body.length).toBeGreaterThan(0);
    }
    const bundle = await api.call("GET", scripts[0] ?? "", { key: null });
    expect(bundle.body).toContain("SwaggerUIBundle");
    expect(bundle.headers.get("cache-control")).toContain("max-age=31536000");
    for (const url of links) {
      expect([url, (await api.call("GET", url, { key: null })).status]).toEqual([url, 200]);
    }
  });

  test("points the viewer at the OpenAPI document the gateway serves", async () => {
    api = await startTestApi();
    const page = await api.call("GET", "/docs", { key: null });
    const documentUrl = /data-openapi-url="([^"]+)"/.exec(page.body)?.[1];
    expect(documentUrl).toBe("/openapi.json");
    const doc = await api.call("GET", documentUrl ?? "", { key: null });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
  });

  test("serves only the viewer's own files, not the rest of node_modules", async () => {
    api = await startTestApi();
    for (const path of [
      "/docs/assets/package.json",
      "/docs/assets/index.js",
      "/docs/assets/..%2F..%2Fhono%2Fpackage.json",
    ]) {
      expect([path, (await api.call("GET", path, { key: null })).status]).toEqual([path, 404]);
    }
  });
});
