import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { CALL_CHANNELS, CALL_STATUSES, END_REASONS } from "../../domain/call";
import type { ConversationEraser } from "../../retention/conversation-eraser";
import type { CallAnalysisStore } from "../../store/call-analyses";
import type { CallRecordingStore } from "../../store/call-recordings";
import { RECORDING_STATUSES, summaryOf } from "../../store/call-recordings";
import type { CallSearch } from "../../store/call-search";
import type { CallStore } from "../../store/calls";
import type { AppEnv } from "../context";
import {
  conflictResponse,
  named,
  noContent,
  PageQuery,
  pageOf,
  resourceId,
  responses,
} from "../schemas";
import { scopeOf } from "../scope";
import { validate } from "../validate";
import { analysisView, CallAnalysisSchema } from "./conversation-analysis";

const timestamp = v.pipe(v.string(), v.isoTimestamp("must be an ISO 8601 timestamp"));
const ConversationQuery = v.object({
  ...PageQuery.entries,
  tenantId: v.optional(resourceId("ten")),
  agentId: v.optional(resourceId("agt")),
  channel: v.optional(v.picklist(CALL_CHANNELS)),
  direction: v.optional(v.picklist(["inbound", "outbound"])),
  status: v.optional(v.picklist(CALL_STATUSES)),
  outcome: v.optional(
    v.pipe(v.string(), v.minLength(1), v.maxLength(100), v.description("The analysis outcome")),
  ),
  endReason: v.optional(
    v.pipe(
      v.picklist(END_REASONS, `must be one of ${END_REASONS.join(", ")}`),
      v.description("Why the call ended"),
    ),
  ),
  from: v.optional(v.pipe(timestamp, v.description("Received at or after"))),
  to: v.optional(v.pipe(timestamp, v.description("Received before"))),
  phone: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(32),
      v.description("The other party's full number (+…); matched without being stored"),
    ),
  ),
  q: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(200, "must be at most 200 characters"),
      v.description("Words spoken in the call; all must appear (whole words, any case)"),
    ),
  ),
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
  deletedAt: v.pipe(
    nullableString,
    v.description("When its content was deleted on request (transcript, recording, analysis)"),
  ),
  transcriptErasedAt: v.pipe(
    nullableString,
    v.description("When its transcript was erased (deleted, or past the retention period)"),
  ),
  recordingErasedAt: v.pipe(
    nullableString,
    v.description("When its recording was erased (deleted, or past the retention period)"),
  ),
  outcome: v.pipe(
    nullableString,
    v.description(
      "The outcome its post-call analysis chose (one of the agent's analysis.outcomes); null until then",
    ),
  ),
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
const nullableMs = (what: string) => v.pipe(v.nullable(v.number()), v.description(what));
const TranscriptLineFields = v.object({
  confidence: v.pipe(
    v.nullable(v.number()),
    v.description(
      "Caller lines: how sure the live transcription was, 0..1 (the exponential of the mean token log-probability); null when it gave none",
    ),
  ),
  startMs: nullableMs(
    "Where the line starts on the call clock (ms), as on the recording: caller speech start, or the agent's first audio sent",
  ),
  endMs: nullableMs(
    "Where the line ends on the call clock (ms): caller speech stop, or the agent's last audio sent (at the cut when interrupted)",
  ),
  fullText: v.pipe(
    nullableString,
    v.description("An interrupted agent line: everything the model generated; otherwise null"),
  ),
  retranscription: v.pipe(
    v.nullable(
      v.object({
        status: v.pipe(
          v.picklist(["pending", "done", "failed", "unavailable"]),
          v.description("unavailable: the line's audio was no longer held when it was needed"),
        ),
        text: nullableString,
        model: nullableString,
        confidence: v.nullable(v.number()),
      }),
    ),
    v.description(
      "A caller line below the confidence threshold, transcribed again from its audio; `text` keeps the live transcription",
    ),
  ),
});
const MessageSchema = named(
  "Message",
  v.object({
    seq: v.number(),
    role: v.picklist(["user", "assistant", "system", "tool"]),
    text: v.string(),
    itemId: nullableString,
    offsetMs: v.number(),
    interrupted: v.pipe(
      v.boolean(),
      v.description("An agent line the caller cut in on; `text` is then what they heard of it"),
    ),
    tool: v.pipe(
      v.nullable(ToolCallSchema),
      v.description("For role tool (text is then the tool's name): the call and its outcome"),
    ),
    createdAt: v.string(),
    ...TranscriptLineFields.entries,
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
    analysis: v.pipe(
      v.nullable(CallAnalysisSchema),
      v.description("The post-call analysis; null until it is ready or when it is turned off"),
    ),
  }),
);

const tags = ["Conversations"];

/** One record per call, with its transcript, readable while the call goes on and after. */
export function conversationRoutes(deps: {
  calls: CallStore;
  analyses: CallAnalysisStore;
  recordings: CallRecordingStore;
  search: CallSearch;
  eraser: ConversationEraser;
}) {
  const { calls, analyses, recordings, search, eraser } = deps;
  return new Hono<AppEnv>()
    .get(
      "/",
      describeRoute({
        tags,
        summary: "List and search conversations, newest first",
        description:
          "Filters combine (all must hold). `q` finds calls whose transcript has every word; `phone` finds calls with that number (with the operator key, name `tenantId` too).",
        responses: responses(pageOf(ConversationSchema)),
      }),
      validate("query", ConversationQuery),
      async (c) => {
        const { limit, cursor, ...filter } = c.req.valid("query");
        const page = await search.list(scopeOf(c.get("principal")), { limit, cursor }, filter);
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
        const [messages, events, analysis, recording] = await Promise.all([
          calls.messages(call.id),
          calls.events(call.id),
          analyses.get(call.id),
          recordings.get(call.id),
        ]);
        return c.json({
          ...call,
          recording: recording ? summaryOf(recording) : null,
          messages,
          events,
          analysis: analysis && analysisView(analysis),
        });
      },
    )
    .delete(
      "/:callId",
      describeRoute({
        tags,
        summary: "Delete a conversation's content",
        description:
          "Erases its transcript, recording and analysis. The conversation stays, with its times, end reason and usage, and `deletedAt` set. A call still going on, or one whose records are still being finished in the seconds after it ended, cannot be deleted yet (409).",
        responses: {
          ...noContent,
          ...conflictResponse(
            "The call is still going on, or its records are still being finished",
          ),
        },
      }),
      validate("param", CallParam),
      async (c) => {
        await eraser.delete(scopeOf(c.get("principal")), c.req.valid("param").callId);
        return c.body(null, 204);
      },
    );
}
