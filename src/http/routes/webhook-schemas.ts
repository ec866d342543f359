import * as v from "valibot";
import { EVENT_TYPES } from "../../domain/events-out";
import { DELIVERY_STATUSES } from "../../domain/webhook-endpoint";
import { named } from "../schemas";

const endpointFields = {
  id: v.string(),
  tenantId: v.string(),
  url: v.string(),
  description: v.string(),
  eventTypes: v.pipe(
    v.nullable(v.array(v.picklist(EVENT_TYPES))),
    v.description("null: every event type"),
  ),
  enabled: v.boolean(),
  previousSecretExpiresAt: v.pipe(
    v.nullable(v.string()),
    v.description("Until when the secret replaced by the last rotation still signs, if it does"),
  ),
  createdAt: v.string(),
  updatedAt: v.string(),
};

export const EndpointSchema = named("WebhookEndpoint", v.object(endpointFields));

export const EndpointWithSecretSchema = named(
  "WebhookEndpointWithSecret",
  v.object({
    ...endpointFields,
    secret: v.pipe(
      v.string(),
      v.description("`whsec_` + base64 key; shown only in this answer, never again"),
    ),
  }),
);

export const DeliverySchema = named(
  "WebhookDelivery",
  v.object({
    id: v.string(),
    endpointId: v.string(),
    eventId: v.pipe(v.string(), v.description("The `webhook-id` header: the same on every retry")),
    eventType: v.picklist(EVENT_TYPES),
    callId: v.nullable(v.string()),
    status: v.picklist(DELIVERY_STATUSES),
    attempts: v.number(),
    lastAttemptAt: v.nullable(v.string()),
    lastStatusCode: v.nullable(v.number()),
    lastError: v.pipe(
      v.nullable(v.string()),
      v.description("Why the last attempt failed without an HTTP status (timeout, refused…)"),
    ),
    nextAttemptAt: v.pipe(v.nullable(v.string()), v.description("While pending")),
    deliveredAt: v.nullable(v.string()),
    createdAt: v.string(),
  }),
);
