import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { invalid } from "../../domain/errors";
import type { TenantStore } from "../../store/tenants";
import type { TurnLatencies } from "../../store/turn-latencies";
import type { AppEnv } from "../context";
import { named, resourceId, responses } from "../schemas";
import { validate } from "../validate";
import { reportTenant } from "./usage";

const HOUR_MS = 3_600_000;
const BUCKET_MS = { hour: HOUR_MS, day: 24 * HOUR_MS } as const;
/** The longest range one report covers: a month of hours stays a readable chart. */
const MAX_RANGE_DAYS = 31;

const timestamp = v.pipe(v.string(), v.isoTimestamp("must be an ISO 8601 timestamp"));
const TurnLatencyQuery = v.object({
  tenantId: v.optional(
    v.pipe(resourceId("ten"), v.description("Required with the admin key; a tenant key its own")),
  ),
  from: v.optional(
    v.pipe(timestamp, v.description("Calls started at or after; default `to` − 24 h")),
  ),
  to: v.optional(v.pipe(timestamp, v.description("Calls started before; default now"))),
  bucket: v.optional(v.picklist(["hour", "day"]), "hour"),
});

const nullableMs = (what: string) => v.pipe(v.nullable(v.number()), v.description(what));
const figures = {
  turns: v.pipe(v.number(), v.description("Agent replies measured")),
  p50Ms: nullableMs("Median wait, ms; null without turns"),
  p95Ms: nullableMs("95th percentile wait, ms; null without turns"),
};
const TurnLatencyReportSchema = named(
  "TurnLatencyReport",
  v.object({
    tenantId: v.string(),
    from: v.string(),
    to: v.string(),
    bucket: v.picklist(["hour", "day"]),
    ...figures,
    buckets: v.pipe(
      v.array(
        named(
          "TurnLatencyBucket",
          v.object({
            start: v.pipe(v.string(), v.description("UTC start of the bucket")),
            ...figures,
          }),
        ),
      ),
      v.description("Every hour or day of the range, in order, those without turns included"),
    ),
  }),
);

/** Nearest-rank percentile of sorted values (as the gateway's own latency figures). */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index] as number);
}

function summary(latencies: number[]) {
  const sorted = latencies.sort((a, b) => a - b);
  return { turns: sorted.length, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95) };
}

/** `GET /v1/turn-latency`: how long callers waited for the agent's replies, over time. */
export function turnLatencyRoutes(latencies: TurnLatencies, tenants: TenantStore) {
  return new Hono<AppEnv>().get(
    "/",
    describeRoute({
      tags: ["Usage"],
      summary: "Per-turn reply latency (p50, p95) over a range, by hour or day",
      description:
        "A turn is an agent reply to the caller: from the end of the caller's speech to the " +
        "agent's first audio sent, as placed on the call's recording clock by its transcript. " +
        "Turns count in the bucket of their call's start. Conversations whose transcript was " +
        `erased have none. At most ${MAX_RANGE_DAYS} days per report.`,
      responses: responses(TurnLatencyReportSchema),
    }),
    validate("query", TurnLatencyQuery),
    async (c) => {
      const query = c.req.valid("query");
      const tenantId = reportTenant(c.get("principal"), query.tenantId);
      const to = query.to ? new Date(query.to) : new Date();
      const from = query.from ? new Date(query.from) : new Date(to.getTime() - 24 * HOUR_MS);
      if (from >= to) throw invalid(`query.from: must be before query.to (${to.toISOString()})`);
      if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 24 * HOUR_MS) {
        throw invalid(`query.from: the range may cover at most ${MAX_RANGE_DAYS} days`);
      }
      await tenants.get(tenantId);
      const size = BUCKET_MS[query.bucket];
      const first = Math.floor(from.getTime() / size) * size;
      const byBucket = new Map<number, number[]>();
      for (let start = first; start < to.getTime(); start += size) byBucket.set(start, []);
      const turns = await latencies.between(tenantId, from, to);
      for (const turn of turns) {
        byBucket.get(Math.floor(turn.callStartedAt / size) * size)?.push(turn.latencyMs);
      }
      return c.json({
        tenantId,
        from: from.toISOString(),
        to: to.toISOString(),
        bucket: query.bucket,
        ...summary(turns.map((turn) => turn.latencyMs)),
        buckets: [...byBucket].map(([start, values]) => ({
          start: new Date(start).toISOString(),
          ...summary(values),
        })),
      });
    },
  );
}
