import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import type { AppEnv } from "../context";

/**
 * `/docs`: a browsable API reference of `/openapi.json` that works offline. The viewer is the
 * installed, pinned `swagger-ui-dist` package, served from node_modules under `/docs/assets/`,
 * so the page loads nothing from another origin.
 */

const PACKAGE = "swagger-ui-dist";
/** The package files the page needs, and their content types. */
const ASSETS: Record<string, string> = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
  "favicon-32x32.png": "image/png",
};
/** The version goes into every asset URL, so an upgrade is never hidden by a year-long cache. */
const VERSION: string = JSON.parse(readFileSync(packageFile("package.json"), "utf8")).version;
function packageFile(file: string): string {
  return fileURLToPath(import.meta.resolve(`${PACKAGE}/${file}`));
}

const LONG_CACHE = "public, max-age=31536000, immutable";

/** Starts the viewer on the document named by the page, without an inline script. */
const START_SCRIPT = `const root = document.getElementById("api-reference");
window.ui = SwaggerUIBundle({
  url: root.dataset.openapiUrl,
  domNode: root,
  deepLinking: true,
  validatorUrl: null,
});
`;

function page(openapiUrl: string): string {
  const asset = (file: string) => `/docs/assets/${file}?v=${VERSION}`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Astra Voice API</title>
  <link rel="icon" type="image/png" href="${asset("favicon-32x32.png")}">
  <link rel="stylesheet" href="${asset("swagger-ui.css")}">
</head>
<body>
  <div id="api-reference" data-openapi-url="${openapiUrl}"></div>
  <script src="${asset("swagger-ui-bundle.js")}"></script>
  <script src="/docs/start.js"></script>
</body>
</html>
`;
}

/** Each asset read once, on first request; they only change when the package does. */
const cache = new Map<string, Uint8Array<ArrayBuffer>>();

async function assetBytes(file: string): Promise<Uint8Array<ArrayBuffer>> {
  let bytes = cache.get(file);
  if (!bytes) {
    bytes = new Uint8Array(await readFile(packageFile(file)));
    cache.set(file, bytes);
  }
  return bytes;
}

export function apiDocsRoutes(openapiUrl = "/openapi.json") {
  return new Hono<AppEnv>()
    .get("/docs", (c) => c.html(page(openapiUrl)))
    .get("/docs/start.js", (c) =>
      c.body(START_SCRIPT, 200, {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": "no-cache",
      }),
    )
    .get("/docs/assets/:file", async (c) => {
      const file = c.req.param("file");
      const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
      if (!type) return c.notFound();
      return c.body(await assetBytes(file), 200, {
        "content-type": type,
        "cache-control": LONG_CACHE,
      });
    });
}
