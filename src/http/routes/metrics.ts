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

export interface MetricsAccess {
  /** METRICS_TOKEN: a scrape must send it as a Bearer token. */
  token?: string | undefined;
  /**
   * The header the public proxy sets on what it forwards (CLIENT_IP_HEADER, `Fly-Client-IP`).
   * Without a token, a request carrying it came from the internet and is refused: open metrics
   * are for scrapers on the private network, which reach the machine directly.
   */
  publicEdgeHeader?: string | undefined;
}

/**
 * GET /metrics in the Prometheus text format. With a token a scrape must send it; without, it
 * is open to the private network (Fly's scraper sends no credentials).
 */
export function metricsRoutes(render: () => Promise<string>, access: MetricsAccess = {}) {
  const { token, publicEdgeHeader } = access;
  const expected = token === undefined ? null : digest(token);
  return new Hono<AppEnv>().get(
    "/metrics",
    describeRoute({
      tags: ["Health"],
      summary: "Metrics in the Prometheus text format (Bearer METRICS_TOKEN when it is set)",
      responses: {
        200: { description: "The metrics", content: { "text/plain": {} } },
        401: { description: "METRICS_TOKEN is set and was not sent, or is wrong" },
        403: { description: "No METRICS_TOKEN, and the request came through the public proxy" },
      },
    }),
    async (c) => {
      if (expected && !bearerMatches(c.req.header("authorization"), expected)) {
        c.header("WWW-Authenticate", 'Bearer realm="metrics"');
        throw new DomainError("unauthorized", "missing or wrong metrics token");
      }
      if (!expected && publicEdgeHeader && c.req.header(publicEdgeHeader) !== undefined)
        throw new DomainError(
          "forbidden",
          "metrics are open to the private network only; set METRICS_TOKEN to scrape through the public address",
        );
      c.header("Cache-Control", "no-store");
      return c.body(await render(), 200, { "Content-Type": EXPOSITION_CONTENT_TYPE });
    },
  );
}
