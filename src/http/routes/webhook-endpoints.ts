import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { EVENT_TYPES } from "../../domain/events-out";
import { DELIVERY_STATUSES, type WebhookEndpoint } from "../../domain/webhook-endpoint";
import { checkEndpointUrl } from "../../events-out/endpoint-url";
import type { EgressPolicy } from "../../net/egress-guard";
import type { Lookup } from "../../net/guarded-fetch";
import type { TenantStore } from "../../store/tenants";
import type { WebhookDeliveryStore } from "../../store/webhook-deliveries";
import type { WebhookEndpointStore } from "../../store/webhook-endpoints";
import type { AppEnv } from "../context";
import { named, noContent, PageQuery, pageOf, resourceId, responses } from "../schemas";
import { owningTenant, scopeOf } from "../scope";
import { validate } from "../validate";
import { DeliverySchema, EndpointSchema, EndpointWithSecretSchema } from "./webhook-schemas";

const EndpointParam = v.object({ endpointId: resourceId("whe") });
const DeliveryParam = v.object({ endpointId: resourceId("whe"), deliveryId: resourceId("dlv") });

const endpointUrl = v.pipe(v.string(), v.trim(), v.url("must be a URL"), v.maxLength(2000));
const eventTypes = v.pipe(
  v.array(v.picklist(EVENT_TYPES)),
  v.maxLength(EVENT_TYPES.length),
  v.check((types) => new Set(types).size === types.length, "must not repeat an event type"),
  v.description("Events this endpoint receives; empty or absent: every type"),
);
const description = v.pipe(v.string(), v.maxLength(500));

const CreateEndpoint = named(
  "WebhookEndpointCreate",
  v.strictObject({
    tenantId: v.optional(resourceId("ten")),
    url: endpointUrl,
    eventTypes: v.optional(v.nullable(eventTypes)),
    enabled: v.optional(v.boolean()),
    description: v.optional(description),
  }),
);
const UpdateEndpoint = named(
  "WebhookEndpointUpdate",
  v.strictObject({
    url: v.optional(endpointUrl),
    eventTypes: v.optional(v.nullable(eventTypes)),
    enabled: v.optional(v.boolean()),
    description: v.optional(description),
  }),
);
const RotateSecret = v.strictObject({
  overlapSeconds: v.optional(
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(0),
      v.maxValue(7 * 86_400),
      v.description("How long the replaced secret keeps signing too; default 86400 (a day)"),
    ),
  ),
});
const EndpointQuery = v.object({ ...PageQuery.entries, tenantId: v.optional(resourceId("ten")) });
const DeliveryQuery = v.object({
  ...PageQuery.entries,
  status: v.optional(v.picklist(DELIVERY_STATUSES)),
});

/** An empty list means every type, as an absent one does. */
const typesOrAll = (types: WebhookEndpoint["eventTypes"] | undefined) =>
  types && types.length > 0 ? types : null;

const tags = ["Webhook endpoints"];

export interface WebhookEndpointDeps {
  endpoints: WebhookEndpointStore;
  deliveries: WebhookDeliveryStore;
  tenants: TenantStore;
  egress: EgressPolicy;
  lookup: Lookup;
}

/** Tenants' webhook endpoints for events out, and the deliveries made to each. */
export function webhookEndpointRoutes(deps: WebhookEndpointDeps) {
  const { endpoints, deliveries } = deps;
  return new Hono<AppEnv>()
    .post(
      "/",
      describeRoute({
        tags,
        summary: "Add a webhook endpoint; the answer holds its secret, shown only this once",
        description:
          "Deliveries follow the Standard Webhooks specification: `webhook-id`, `webhook-timestamp` and `webhook-signature` headers, signed with this secret. The URL must reach a public address.",
        responses: responses(EndpointWithSecretSchema, 201, "Created"),
      }),
      validate("json", CreateEndpoint),
      async (c) => {
        const body = c.req.valid("json");
        const tenantId = owningTenant(c.get("principal"), body.tenantId);
        await deps.tenants.get(tenantId);
        await checkEndpointUrl(body.url, deps.egress, deps.lookup);
        const { endpoint, secret } = await endpoints.create(tenantId, {
          url: body.url,
          description: body.description ?? "",
          eventTypes: typesOrAll(body.eventTypes),
          enabled: body.enabled ?? true,
        });
        return c.json({ ...endpoint, secret }, 201);
      },
    )
    .get(
      "/",
      describeRoute({
        tags,
        summary: "List webhook endpoints",
        responses: responses(pageOf(EndpointSchema)),
      }),
      validate("query", EndpointQuery),
      async (c) => {
        const { limit, cursor, tenantId } = c.req.valid("query");
        return c.json(
          await endpoints.list(scopeOf(c.get("principal")), { limit, cursor }, { tenantId }),
        );
      },
    )
    .get(
      "/:endpointId",
      describeRoute({
        tags,
        summary: "Get a webhook endpoint",
        responses: responses(EndpointSchema),
      }),
      validate("param", EndpointParam),
      async (c) =>
        c.json(await endpoints.get(scopeOf(c.get("principal")), c.req.valid("param").endpointId)),
    )
    .patch(
      "/:endpointId",
      describeRoute({
        tags,
        summary: "Change a webhook endpoint's URL, event types, description or enabled state",
        responses: responses(EndpointSchema),
      }),
      validate("param", EndpointParam),
      validate("json", UpdateEndpoint),
      async (c) => {
        const scope = scopeOf(c.get("principal"));
        const { endpointId } = c.req.valid("param");
        const patch = c.req.valid("json");
        await endpoints.get(scope, endpointId);
        if (patch.url !== undefined) await checkEndpointUrl(patch.url, deps.egress, deps.lookup);
        const { eventTypes: types, ...rest } = patch;
        return c.json(
          await endpoints.update(scope, endpointId, {
            ...rest,
            ...(types !== undefined && { eventTypes: typesOrAll(types) }),
          }),
        );
      },
    )
    .delete(
      "/:endpointId",
      describeRoute({
        tags,
        summary: "Remove a webhook endpoint and its deliveries",
        responses: noContent,
      }),
      validate("param", EndpointParam),
      async (c) => {
        await endpoints.remove(scopeOf(c.get("principal")), c.req.valid("param").endpointId);
        return c.body(null, 204);
      },
    )
    .post(
      "/:endpointId/rotate-secret",
      describeRoute({
        tags,
        summary: "Issue a new secret (shown only this once); the old one signs too for a while",
        description:
          "During the overlap each delivery carries two signatures in `webhook-signature`, one per secret, so a receiver can switch secrets without missing an event.",
        responses: responses(EndpointWithSecretSchema),
      }),
      validate("param", EndpointParam),
      validate("json", RotateSecret),
      async (c) => {
        const overlapSeconds = c.req.valid("json").overlapSeconds ?? 86_400;
        const { endpoint, secret } = await endpoints.rotateSecret(
          scopeOf(c.get("principal")),
          c.req.valid("param").endpointId,
          overlapSeconds * 1000,
        );
        return c.json({ ...endpoint, secret });
      },
    )
    .get(
      "/:endpointId/deliveries",
      describeRoute({
        tags,
        summary: "List deliveries to this endpoint, newest first",
        responses: responses(pageOf(DeliverySchema)),
      }),
      validate("param", EndpointParam),
      validate("query", DeliveryQuery),
      async (c) => {
        const { endpointId } = c.req.valid("param");
        await endpoints.get(scopeOf(c.get("principal")), endpointId);
        const { limit, cursor, status } = c.req.valid("query");
        return c.json(await deliveries.list(endpointId, { limit, cursor }, { status }));
      },
    )
    .post(
      "/:endpointId/deliveries/:deliveryId/retry",
      describeRoute({
        tags,
        summary: "Send a delivery again now (one more attempt for a failed one)",
        responses: responses(DeliverySchema),
      }),
      validate("param", DeliveryParam),
      async (c) => {
        const { endpointId, deliveryId } = c.req.valid("param");
        await endpoints.get(scopeOf(c.get("principal")), endpointId);
        return c.json(await deliveries.retryNow(endpointId, deliveryId, Date.now()));
      },
    );
}
