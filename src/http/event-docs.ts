import { toJsonSchema } from "@valibot/to-json-schema";
import type { generateSpecs } from "hono-openapi";
import * as v from "valibot";
import { CALL_CHANNELS } from "../domain/call";
import { EVENT_TYPES, type EventType } from "../domain/events-out";

/** The events out, as OpenAPI 3.1 `webhooks`: what each delivery's body and headers hold. */

const direction = v.picklist(["inbound", "outbound"]);
const channel = v.picklist(CALL_CHANNELS);
const time = v.pipe(v.string(), v.description("ISO 8601, UTC"));

const DATA: Record<EventType, { summary: string; data: v.GenericSchema }> = {
  "call.started": {
    summary:
      "A call record was created: an inbound call reached the gateway, or an outbound call was placed (when it starts waiting for the user's permission or dialling)",
    data: v.object({
      callId: v.string(),
      agentId: v.string(),
      agentVersion: v.pipe(v.number(), v.description("0 for a test call answered by the draft")),
      channel,
      direction,
      remoteParty: v.pipe(
        v.string(),
        v.description("Masked: the last four digits of a number, or a browser label"),
      ),
      receivedAt: time,
    }),
  },
  "call.answered": {
    summary:
      "The call was answered (a browser call, which has no answering step, when its media connected)",
    data: v.object({ callId: v.string(), channel, answeredAt: time }),
  },
  "call.ended": {
    summary: "The call ended, once, with the reason kept on its record",
    data: v.object({
      callId: v.string(),
      agentId: v.string(),
      channel,
      direction,
      endReason: v.string(),
      durationMs: v.pipe(
        v.nullable(v.number()),
        v.description("From the answer (or arrival, if never answered) to the end"),
      ),
      endedAt: time,
      usage: v.pipe(
        v.record(v.string(), v.number()),
        v.description("The call's usage as recorded on its conversation"),
      ),
    }),
  },
  "call.transcript.ready": {
    summary: "The call's transcript is stored",
    data: v.object({
      callId: v.string(),
      lines: v.unknown(),
      lowConfidenceLines: v.unknown(),
      retranscribedLines: v.unknown(),
    }),
  },
  "call.recording.ready": {
    summary: "The call's recording is stored",
    data: v.object({
      callId: v.string(),
      durationMs: v.number(),
      sizeBytes: v.number(),
      channels: v.literal(2),
      layout: v.literal("caller-left agent-right"),
      contentType: v.literal("audio/ogg"),
    }),
  },
  "call.analysis.ready": {
    summary:
      "The post-call analysis is stored; its content reads null once the conversation is deleted",
    data: v.object({
      callId: v.string(),
      summary: v.unknown(),
      outcome: v.unknown(),
      sentiment: v.unknown(),
      fields: v.unknown(),
    }),
  },
  "tool.failed": {
    summary: "A tool the agent called during a call failed, timed out or was cancelled",
    data: v.object({
      callId: v.string(),
      tool: v.string(),
      status: v.picklist(["error", "timeout", "cancelled"]),
      error: v.pipe(
        v.nullable(v.string()),
        v.description("Why, as the model was told; long numbers masked; at most 500 characters"),
      ),
      durationMs: v.number(),
    }),
  },
};

const HEADERS = [
  ["webhook-id", "The event's id: the same on every retry, so a receiver can drop duplicates"],
  ["webhook-timestamp", "When this attempt was sent, in Unix seconds"],
  [
    "webhook-signature",
    "Space-separated `v1,<base64 HMAC-SHA256 of {webhook-id}.{webhook-timestamp}.{body}>`, keyed by the base64-decoded part of the endpoint's `whsec_` secret; two during a secret rotation's overlap",
  ],
] as const;

function jsonSchema(schema: v.GenericSchema): Record<string, unknown> {
  const { $schema: _, ...rest } = toJsonSchema(schema, { errorMode: "ignore" });
  return rest;
}

type Documentation = NonNullable<NonNullable<Parameters<typeof generateSpecs>[1]>["documentation"]>;
type Webhooks = NonNullable<Documentation["webhooks"]>;

export function eventWebhooks(): Webhooks {
  return Object.fromEntries(
    EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          summary: DATA[type].summary,
          description:
            "Sent to each enabled webhook endpoint of the tenant that takes this type, as a Standard Webhooks delivery. Answer 2xx to acknowledge; anything else (or no answer within 15 s) is retried with backoff for more than a day. A call's events reach an endpoint in order.",
          parameters: HEADERS.map(([name, description]) => ({
            name,
            in: "header",
            required: true,
            description,
            schema: { type: "string" },
          })),
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: jsonSchema(
                  v.object({
                    type: v.literal(type),
                    timestamp: v.pipe(time, v.description("When the event was recorded")),
                    data: DATA[type].data,
                  }),
                ),
              },
            },
          },
          responses: { "200": { description: "Any 2xx: delivered" } },
        },
      },
    ]),
  ) as Webhooks;
}
