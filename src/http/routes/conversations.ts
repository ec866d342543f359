import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { CALL_CHANNELS, CALL_STATUSES } from "../../domain/call";
import type { CallRecordingStore } from "../../store/call-recordings";
import { RECORDING_STATUSES, summaryOf } from "../../store/call-recordings";
import type { CallStore } from "../../store/calls";
import type { AppEnv } from "../context";
import { named, PageQuery, pageOf, resourceId, responses } from "../schemas";
import { scopeOf } from "../scope";
import { validate } from "../validate";

const timestamp = v.pipe(v.string(), v.isoTimestamp("must be an ISO 8601 timestamp"));
const ConversationQuery = v.object({
  ...PageQuery.entries,
  tenantId: v.optional(resourceId("ten")),
  agentId: v.optional(resourceId("agt")),
  channel: v.optional(v.picklist(CALL_CHANNELS)),
  status: v.optional(v.picklist(CALL_STATUSES)),
  from: v.optional(timestamp),
  to: v.optional(timestamp),
});
const CallParam = v.object({ callId: resourceId("call") });

const nullableString = v.nullable(v.string());
const ConversationFields = v.object({
  id: v.string(),
  tenantId: v.string(),
  agentId: v.string(),
  agentVersion: v.pipe(
    v.number(),
    v.description("The published version that answered; 0 when the draft did (a test call)"),
  ),
  draftRevision: v.pipe(
    v.nullable(v.number()),
    v.description("For a test call answered by the draft: the draft's revision; otherwise null"),
  ),
  channel: v.picklist(CALL_CHANNELS),
  direction: v.picklist(["inbound", "outbound"]),
  status: v.picklist(CALL_STATUSES),
  providerCallId: nullableString,
  providerStatus: nullableString,
  remoteParty: v.pipe(v.string(), v.description("Masked; never a full phone number")),
  receivedAt: v.string(),
  answeredAt: nullableString,
  mediaConnectedAt: nullableString,
  firstAgentAudioAt: nullableString,
  endedAt: nullableString,
  endReason: nullableString,
  durationMs: v.nullable(v.number()),
  usage: v.record(v.string(), v.number()),
  metrics: v.record(v.string(), v.unknown()),
  recording: v.pipe(
    v.nullable(
      named(
        "RecordingSummary",
        v.object({
          status: v.picklist(RECORDING_STATUSES),
          durationMs: v.nullable(v.number()),
          sizeBytes: v.nullable(v.number()),
          channels: v.number(),
          layout: v.pipe(v.string(), v.description("caller-left agent-right")),
        }),
      ),
    ),
    v.description(
      "The call's stereo recording (GET /v1/conversations/{id}/recording plays it once ready); null when none was made",
    ),
  ),
});
export const ConversationSchema = named("Conversation", ConversationFields);
const ToolCallSchema = named(
  "ToolCall",
  v.object({
    name: v.string(),
    arguments: v.pipe(v.string(), v.description("As the model sent them (JSON text)")),
    status: v.picklist(["ok", "error", "timeout", "cancelled"]),
    output: v.pipe(nullableString, v.description("What the model was given back on success")),
    error: v.pipe(nullableString, v.description("Why it failed, as the model was told")),
    durationMs: v.number(),
  }),
);
const MessageSchema = named(
  "Message",
  v.object({
    seq: v.number(),
    role: v.picklist(["user", "assistant", "system", "tool"]),
    text: v.string(),
    itemId: nullableString,
    offsetMs: v.number(),
    interrupted: v.boolean(),
    tool: v.pipe(
      v.nullable(ToolCallSchema),
      v.description("For role tool (text is then the tool's name): the call and its outcome"),
    ),
    createdAt: v.string(),
  }),
);
const CallEventSchema = named(
  "CallEvent",
  v.object({ at: v.string(), kind: v.string(), detail: v.record(v.string(), v.unknown()) }),
);
const ConversationWithMessages = named(
  "ConversationDetail",
  v.object({
    ...ConversationFields.entries,
    messages: v.array(MessageSchema),
    events: v.pipe(v.array(CallEventSchema), v.description("The call's lifecycle, in order")),
  }),
);

const tags = ["Conversations"];

/** One record per call, with its transcript, readable while the call goes on and after. */
export function conversationRoutes(calls: CallStore, recordings: CallRecordingStore) {
  return new Hono<AppEnv>()
    .get(
      "/",
      describeRoute({
        tags,
        summary: "List conversations, newest first",
        responses: responses(pageOf(ConversationSchema)),
      }),
      validate("query", ConversationQuery),
      async (c) => {
        const { limit, cursor, ...filter } = c.req.valid("query");
        const page = await calls.list(scopeOf(c.get("principal")), { limit, cursor }, filter);
        const found = await recordings.summaries(page.data.map((call) => call.id));
        const data = page.data.map((call) => ({ ...call, recording: found.get(call.id) ?? null }));
        return c.json({ ...page, data });
      },
    )
    .get(
      "/:callId",
      describeRoute({
        tags,
        summary: "Get a conversation with its messages",
        responses: responses(ConversationWithMessages),
      }),
      validate("param", CallParam),
      async (c) => {
        const call = await calls.get(scopeOf(c.get("principal")), c.req.valid("param").callId);
        const [messages, events, recording] = await Promise.all([
          calls.messages(call.id),
          calls.events(call.id),
          recordings.get(call.id),
        ]);
        return c.json({
          ...call,
          recording: recording ? summaryOf(recording) : null,
          messages,
          events,
        });
      },
    );
}
