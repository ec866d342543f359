import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { TenantStore } from "../../store/tenants";
import { type UsageStore, utcMonthOf } from "../../store/usage";
import type { AppEnv } from "../context";
import { named, resourceId, responses } from "../schemas";
import { tenantAccess } from "../scope";
import { validate } from "../validate";

const TenantParam = v.object({ tenantId: resourceId("ten") });
const nullableNumber = v.nullable(v.number());
const TenantPlanSchema = named(
  "TenantPlan",
  v.object({
    tenantId: v.string(),
    plan: v.pipe(v.nullable(v.string()), v.description("The plan's name, as the operator set it")),
    monthlyMinutes: v.pipe(nullableNumber, v.description("Null: no monthly limit")),
    maxConcurrentCalls: v.pipe(
      nullableNumber,
      v.description("The tenant's own limit; null: the gateway's default applies"),
    ),
    concurrentCallLimit: v.pipe(v.number(), v.description("The limit that applies now")),
    month: v.pipe(v.string(), v.description("The UTC calendar month, YYYY-MM")),
    resetsAt: v.pipe(v.string(), v.description("When the next UTC month starts")),
    usedSeconds: v.pipe(
      v.number(),
      v.description("Billable seconds this month: ended calls, and live calls so far"),
    ),
    remainingSeconds: v.pipe(nullableNumber, v.description("Null when there is no monthly limit")),
    liveCalls: v.pipe(
      v.number(),
      v.description("The tenant's calls live or being set up now, on every gateway machine"),
    ),
  }),
);

/** `GET /v1/tenants/{tenantId}/plan`: what a tenant's plan allows and what it used this month. */
export function tenantPlanRoutes(deps: {
  tenants: TenantStore;
  usage: UsageStore;
  concurrentCallLimit: (tenant: { maxConcurrentCalls: number | null }) => number;
  liveCalls: (tenantId: string) => Promise<number>;
}) {
  return new Hono<AppEnv>().use("/:tenantId/plan", tenantAccess(deps.tenants)).get(
    "/:tenantId/plan",
    describeRoute({
      tags: ["Tenants"],
      summary: "A tenant's plan and its use this month",
      description:
        "The operator sets `plan`, `monthlyMinutes` and `maxConcurrentCalls` with " +
        "`PATCH /v1/tenants/{tenantId}`; a tenant key reads its own.",
      responses: responses(TenantPlanSchema),
    }),
    validate("param", TenantParam),
    async (c) => {
      const tenant = await deps.tenants.get(c.req.valid("param").tenantId);
      const now = new Date();
      const [usedSeconds, liveCalls] = await Promise.all([
        deps.usage.secondsUsedInMonth(tenant.id, now),
        deps.liveCalls(tenant.id),
      ]);
      return c.json({
        tenantId: tenant.id,
        plan: tenant.plan,
        monthlyMinutes: tenant.monthlyMinutes,
        maxConcurrentCalls: tenant.maxConcurrentCalls,
        concurrentCallLimit: deps.concurrentCallLimit(tenant),
        month: now.toISOString().slice(0, 7),
        resetsAt: utcMonthOf(now).end.toISOString(),
        usedSeconds,
        remainingSeconds:
          tenant.monthlyMinutes === null
            ? null
            : Math.max(0, tenant.monthlyMinutes * 60 - usedSeconds),
        liveCalls,
      });
    },
  );
}
