import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { Hono } from "hono";
import type { AppEnv } from "../context";

/**
 * What the console may load: its own scripts, styles and API, nothing inline and nothing from
 * another origin. `blob:` media lets a page play a recording it fetched with the API key.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = {
  "content-security-policy": CONSOLE_CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "microphone=(self), camera=(), geolocation=()",
};

const ASSET_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Console not built</title></head>
<body><h1>The console is not built</h1><p>Run <code>npm run build:console</code> (or <code>npm ci</code>) and reload.</p></body></html>`;

/**
 * The console built into `dir` (by `npm run build:console`): its page at `/` and at every
 * `/console/<page>` (the browser routes from there), and its hashed files at
 * `/console/<name>.<ext>`. Every answer carries the console's Content-Security-Policy.
 */
export function consoleRoutes(dir: string) {
  const page = async () => {
    try {
      const html = await readFile(join(dir, "index.html"));
      return new Response(html, {
        headers: {
          ...SECURITY_HEADERS,
          "content-type": "text/html; charset=utf-8",
          // The page names this build's files: it must be asked for again after a deploy.
          "cache-control": "no-cache",
        },
      });
    } catch {
      return new Response(NOT_BUILT, {
        status: 503,
        headers: { ...SECURITY_HEADERS, "content-type": "text/html; charset=utf-8" },
      });
    }
  };
  const asset = async (name: string) => {
    const type = ASSET_TYPES[extname(name)];
    const safe = normalize(name);
    if (!type || safe.startsWith("..") || safe.includes("/")) return null;
    try {
      return new Response(await readFile(join(dir, safe)), {
        headers: {
          ...SECURITY_HEADERS,
          "content-type": type,
          // Names carry a hash of their content, so a file never changes under its name.
          "cache-control": "public, max-age=31536000, immutable",
        },
      });
    } catch {
      return null;
    }
  };
  const notFoundHere = () =>
    new Response("not found", {
      status: 404,
      headers: { ...SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8" },
    });
  return new Hono<AppEnv>()
    .get("/", page)
    .get("/console", page)
    .get("/console/*", async (c) => {
      const rest = c.req.path.slice("/console/".length);
      // A name with an extension is a file of the build; anything else is a page of the console.
      if (extname(rest) === "") return page();
      return (await asset(rest)) ?? notFoundHere();
    });
}
