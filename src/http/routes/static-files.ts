import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { Hono } from "hono";
import type { AppEnv } from "../context";
import { consoleRoutes } from "./console-files";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * The demo page's Content-Security-Policy: its own scripts and styles only (no inline code), it
 * talks to this origin alone, and its logo comes from a blob it fetched here.
 */
export const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const PAGE_HEADERS = {
  "content-security-policy": PAGE_POLICY,
  "x-content-type-options": "nosniff",
  // The page's link carries a call token: it is not told to other sites.
  "referrer-policy": "no-referrer",
  "permissions-policy": "microphone=(self), camera=(), geolocation=()",
};

/**
 * The pages in `static/`: `/demo` is the browser phone, the rest under `/static/`; the console,
 * built into `static/console/`, at `/` and `/console/*`.
 */
export function staticRoutes(dir: string) {
  const send = async (file: string) => {
    const safe = normalize(file).replace(/^(\.\.[/\\])+/, "");
    const type = TYPES[extname(safe)];
    // The console's files are served by its own routes, with its security headers.
    if (!type || safe.startsWith("console/")) return null;
    try {
      return new Response(await readFile(join(dir, safe)), {
        headers: { "content-type": type, ...PAGE_HEADERS },
      });
    } catch {
      return null;
    }
  };
  return new Hono<AppEnv>()
    .get("/demo", async (c) => (await send("demo.html")) ?? c.notFound())
    .get(
      "/static/*",
      async (c) => (await send(c.req.path.slice("/static/".length))) ?? c.notFound(),
    )
    .route("/", consoleRoutes(join(dir, "console")));
}
