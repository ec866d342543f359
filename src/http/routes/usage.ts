import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { invalid, notFound } from "../../domain/errors";
import type { TenantStore } from "../../store/tenants";
import { USAGE_GROUPS, type UsageFigures, type UsageStore } from "../../store/usage";
import type { AppEnv, Principal } from "../context";
import { named, resourceId, responses } from "../schemas";
import { validate } from "../validate";

/** The longest range one report covers. */
const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

/** A real calendar day written YYYY-MM-DD (2026-02-30 is refused). */
const day = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD"),
  v.check((text) => {
    // Only a well-formed date is checked here; the regex above names any other problem.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return true;
    const at = Date.parse(`${text}T00:00:00Z`);
    return Number.isFinite(at) && new Date(at).toISOString().startsWith(text);
  }, "must be a real calendar date"),
);
const UsageQuery = v.object({
  tenantId: v.optional(
    v.pipe(resourceId("ten"), v.description("Required with the admin key; a tenant key its own")),
  ),
  from: v.optional(
    v.pipe(day, v.description("First UTC day included; default the 1st of this UTC month")),
  ),
  to: v.optional(v.pipe(day, v.description("Last UTC day included; default today (UTC)"))),
  groupBy: v.optional(v.picklist(USAGE_GROUPS)),
});

const figures = {
  calls: v.pipe(v.number(), v.description("Ended calls, refused ones included")),
  billableSeconds: v.pipe(
    v.number(),
    v.description("From answered (or media connected) to the end, rounded up per call"),
  ),
  inputTextTokens: v.number(),
  inputAudioTokens: v.number(),
  cachedInputTokens: v.pipe(
    v.number(),
    v.description("Part of the input tokens, served from the prompt cache; not added to them"),
  ),
  outputTextTokens: v.number(),
  outputAudioTokens: v.number(),
  costMicroUsd: v.pipe(
    v.number(),
    v.description("Estimated cost from the price table, in millionths of a US dollar"),
  ),
  costUsd: v.pipe(v.number(), v.description("costMicroUsd in US dollars")),
  unpricedCalls: v.pipe(
    v.number(),
    v.description("Calls whose model has no price in the table (or unknown): not in the cost"),
  ),
};
const UsageFiguresSchema = named("UsageFigures", v.object(figures));
const UsageReportSchema = named(
  "UsageReport",
  v.object({
    tenantId: v.string(),
    from: v.string(),
    to: v.string(),
    groupBy: v.nullable(v.picklist(USAGE_GROUPS)),
    currency: v.literal("USD"),
    totals: UsageFiguresSchema,
    groups: v.array(
      named(
        "UsageGroup",
        v.object({
          key: v.pipe(v.string(), v.description("The UTC day, agent id or channel")),
          ...figures,
        }),
      ),
    ),
  }),
);

/** The tenant a report is about: a tenant key's own; the admin names one. */
export function reportTenant(principal: Principal, requested: string | undefined): string {
  if (principal.kind === "admin") {
    if (!requested) throw invalid("query.tenantId: required when using the admin key");
    return requested;
  }
  if (requested !== undefined && requested !== principal.tenantId) throw notFound("tenant");
  return principal.tenantId;
}

const withDollars = (f: UsageFigures) => ({ ...f, costUsd: f.costMicroUsd / 1_000_000 });

/** `GET /v1/usage`: a tenant's call usage over a range of UTC days, totalled and grouped in SQL. */
export function usageRoutes(usage: UsageStore, tenants: TenantStore) {
  return new Hono<AppEnv>().get(
    "/",
    describeRoute({
      tags: ["Usage"],
      summary: "Call usage and estimated cost over a range of days, optionally grouped",
      description:
        "Counts the usage row each ended call leaves (it outlives the conversation's deletion), " +
        "by the UTC day the call started. `from` and `to` are both included, at most " +
        `${MAX_DAYS} days apart.`,
      responses: responses(UsageReportSchema),
    }),
    validate("query", UsageQuery),
    async (c) => {
      const query = c.req.valid("query");
      const tenantId = reportTenant(c.get("principal"), query.tenantId);
      const today = new Date().toISOString().slice(0, 10);
      const from = query.from ?? `${today.slice(0, 7)}-01`;
      const to = query.to ?? today;
      const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
      if (days < 1) {
        throw invalid(
          query.to === undefined
            ? `query.from: must not be after today (${to}) when query.to is not given`
            : `query.to: must not be before query.from (${from})`,
        );
      }
      if (days > MAX_DAYS) {
        throw invalid(`query.to: the range covers ${days} days; at most ${MAX_DAYS} are allowed`);
      }
      await tenants.get(tenantId);
      const report = await usage.report(tenantId, { fromDay: from, toDay: to }, query.groupBy);
      return c.json({
        tenantId,
        from,
        to,
        groupBy: query.groupBy ?? null,
        currency: "USD" as const,
        totals: withDollars(report.totals),
        groups: report.groups.map(withDollars),
      });
    },
  );
}
