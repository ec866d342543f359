import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { TenantStore } from "../../store/tenants";
import { requireAdmin } from "../auth";
import type { AppEnv } from "../context";
import { named, noContent, PageQuery, pageOf, resourceId, responses } from "../schemas";
import { assertTenantAccess } from "../scope";
import { validate } from "../validate";
import { BrandSchema } from "./tenant-brand";

const TenantIdParam = v.object({ tenantId: resourceId("ten") });
const name = v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(200));
const status = v.picklist(["active", "suspended"]);
const plan = v.nullable(v.pipe(v.string(), v.maxLength(64)));
const maxConcurrentCalls = v.nullable(
  v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000)),
);
const monthlyMinutes = v.pipe(
  v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000_000))),
  v.description(
    "Call minutes each UTC calendar month allows; calls beyond are declined (402 quota_exceeded). Null: no limit",
  ),
);
const metadata = v.pipe(
  v.record(v.pipe(v.string(), v.maxLength(64)), v.pipe(v.string(), v.maxLength(512))),
  v.maxEntries(50),
);

const CreateTenant = named(
  "TenantCreate",
  v.strictObject({
    name,
    status: v.optional(status),
    plan: v.optional(plan),
    maxConcurrentCalls: v.optional(maxConcurrentCalls),
    monthlyMinutes: v.optional(monthlyMinutes),
    metadata: v.optional(metadata),
  }),
);
const UpdateTenant = named(
  "TenantUpdate",
  v.strictObject({
    name: v.optional(name),
    status: v.optional(status),
    plan: v.optional(plan),
    maxConcurrentCalls: v.optional(maxConcurrentCalls),
    monthlyMinutes: v.optional(monthlyMinutes),
    metadata: v.optional(metadata),
  }),
);
const TenantQuery = v.object({ ...PageQuery.entries, status: v.optional(status) });

export const TenantSchema = named(
  "Tenant",
  v.object({
    id: v.string(),
    name: v.string(),
    status,
    plan,
    maxConcurrentCalls,
    monthlyMinutes,
    metadata: v.record(v.string(), v.string()),
    brand: v.pipe(
      v.nullable(BrandSchema),
      v.description("Set with PATCH /v1/tenants/{tenantId}/brand; null when it has none"),
    ),
    createdAt: v.string(),
    updatedAt: v.string(),
  }),
);

export function tenantRoutes(tenants: TenantStore) {
  return new Hono<AppEnv>()
    .post(
      "/",
      describeRoute({
        tags: ["Tenants"],
        summary: "Create a tenant (admin)",
        responses: responses(TenantSchema, 201, "Created"),
      }),
      requireAdmin,
      validate("json", CreateTenant),
      async (c) => c.json(await tenants.create(c.req.valid("json")), 201),
    )
    .get(
      "/",
      describeRoute({
        tags: ["Tenants"],
        summary: "List tenants (admin)",
        responses: responses(pageOf(TenantSchema)),
      }),
      requireAdmin,
      validate("query", TenantQuery),
      async (c) => {
        const { limit, cursor, status: wanted } = c.req.valid("query");
        return c.json(await tenants.list({ limit, cursor }, { status: wanted }));
      },
    )
    .get(
      "/:tenantId",
      describeRoute({
        tags: ["Tenants"],
        summary: "Get a tenant",
        responses: responses(TenantSchema),
      }),
      validate("param", TenantIdParam),
      async (c) => {
        const { tenantId } = c.req.valid("param");
        assertTenantAccess(c.get("principal"), tenantId);
        return c.json(await tenants.get(tenantId));
      },
    )
    .patch(
      "/:tenantId",
      describeRoute({
        tags: ["Tenants"],
        summary: "Update a tenant (admin)",
        responses: responses(TenantSchema),
      }),
      requireAdmin,
      validate("param", TenantIdParam),
      validate("json", UpdateTenant),
      async (c) => c.json(await tenants.update(c.req.valid("param").tenantId, c.req.valid("json"))),
    )
    .delete(
      "/:tenantId",
      describeRoute({
        tags: ["Tenants"],
        summary:
          "Delete a tenant (admin): its keys are revoked and its bindings removed; records stay",
        responses: noContent,
      }),
      requireAdmin,
      validate("param", TenantIdParam),
      async (c) => {
        await tenants.remove(c.req.valid("param").tenantId);
        return c.body(null, 204);
      },
    );
}
