import { createHash, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { DomainError } from "../../domain/errors";
import { EXPOSITION_CONTENT_TYPE } from "../../metrics/exposition";
import type { AppEnv } from "../context";

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Whether the Authorization header carries the token; hashes first, so lengths leak nothing. */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer ([^\s]+)$/i.exec(header ?? "");
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
}

/**
 * GET /metrics in the Prometheus text format. With `token` (METRICS_TOKEN) a scrape must send
 * it as a Bearer token; without, it is open (a scraper on the private network).
 */
export function metricsRoutes(render: () => Promise<string>, token: string | undefined) {
  const expected = token === undefined ? null : digest(token);
  return new Hono<AppEnv>().get(
    "/metrics",
    describeRoute({
      tags: ["Health"],
      summary: "Metrics in the Prometheus text format (Bearer METRICS_TOKEN when it is set)",
      responses: {
        200: { description: "The metrics", content: { "text/plain": {} } },
        401: { description: "METRICS_TOKEN is set and was not sent, or is wrong" },
      },
    }),
    async (c) => {
      if (expected && !bearerMatches(c.req.header("authorization"), expected)) {
        c.header("WWW-Authenticate", 'Bearer realm="metrics"');
        throw new DomainError("unauthorized", "missing or wrong metrics token");
      }
      c.header("Cache-Control", "no-store");
      return c.body(await render(), 200, { "Content-Type": EXPOSITION_CONTENT_TYPE });
    },
  );
}
