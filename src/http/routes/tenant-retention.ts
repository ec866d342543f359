import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { RetentionStore } from "../../store/retention";
import type { TenantStore } from "../../store/tenants";
import type { AppEnv } from "../context";
import { named, resourceId, responses } from "../schemas";
import { tenantAccess } from "../scope";
import { validate } from "../validate";

const TenantParam = v.object({ tenantId: resourceId("ten") });
const days = v.pipe(
  v.nullable(
    v.pipe(
      v.number(),
      v.integer("must be a whole number of days"),
      v.minValue(1, "must be at least 1 day"),
      v.maxValue(36_500, "must be at most 36500 days"),
    ),
  ),
  v.description("Days after a call ends before this is erased; null keeps it forever"),
);
const RetentionBody = named(
  "RetentionSettingsUpdate",
  v.strictObject({ recordingDays: days, transcriptDays: days }),
);
const RetentionSchema = named(
  "RetentionSettings",
  v.object({
    recordingDays: days,
    transcriptDays: days,
    updatedAt: v.pipe(v.nullable(v.string()), v.description("Null until first set")),
  }),
);

/**
 * How long a tenant's recordings and transcripts are kept. The business decides for its own
 * calls (its key may set it), and the operator may too, for any tenant.
 */
export function tenantRetentionRoutes(retention: RetentionStore, tenants: TenantStore) {
  return new Hono<AppEnv>()
    .use("/:tenantId/retention", tenantAccess(tenants))
    .get(
      "/:tenantId/retention",
      describeRoute({
        tags: ["Tenants"],
        summary: "Get how long recordings and transcripts are kept",
        responses: responses(RetentionSchema),
      }),
      validate("param", TenantParam),
      async (c) => c.json(await retention.get(c.req.valid("param").tenantId)),
    )
    .put(
      "/:tenantId/retention",
      describeRoute({
        tags: ["Tenants"],
        summary: "Set how long recordings and transcripts are kept (null: forever)",
        description:
          "Counted from each call's end. A background sweep erases what is older; shortening the period erases older content at the next sweep.",
        responses: responses(RetentionSchema),
      }),
      validate("param", TenantParam),
      validate("json", RetentionBody),
      async (c) => c.json(await retention.set(c.req.valid("param").tenantId, c.req.valid("json"))),
    );
}
