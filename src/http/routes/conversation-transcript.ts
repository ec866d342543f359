import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import { CALL_CHANNELS } from "../../domain/call";
import { DomainError } from "../../domain/errors";
import { renderTranscriptPdf } from "../../exports/pdf-renderer";
import { toTranscript } from "../../exports/transcript";
import { transcriptText } from "../../exports/transcript-text";
import { redactText } from "../../log/redact";
import type { AgentStore } from "../../store/agents";
import type { CallStore } from "../../store/calls";
import type { AppEnv } from "../context";
import { failure, named, resourceId } from "../schemas";
import { scopeOf } from "../scope";
import { validate } from "../validate";

const FORMATS = ["json", "txt", "pdf"] as const;
const TranscriptQuery = v.object({
  format: v.optional(v.picklist(FORMATS, `must be one of ${FORMATS.join(", ")}`), "json"),
});
const CallParam = v.object({ callId: resourceId("call") });

const nullableString = v.nullable(v.string());
const TranscriptSchema = named(
  "Transcript",
  v.object({
    callId: v.string(),
    agent: v.object({
      id: v.string(),
      name: v.pipe(nullableString, v.description("Null when the agent was deleted")),
      version: v.pipe(v.number(), v.description("0 when the draft answered (a test call)")),
    }),
    channel: v.picklist(CALL_CHANNELS),
    direction: v.picklist(["inbound", "outbound"]),
    remoteParty: v.pipe(v.string(), v.description("Masked; never a full phone number")),
    receivedAt: v.string(),
    answeredAt: nullableString,
    endedAt: nullableString,
    durationMs: v.nullable(v.number()),
    endReason: nullableString,
    lines: v.array(
      named(
        "TranscriptLine",
        v.object({
          seq: v.number(),
          offsetMs: v.pipe(v.number(), v.description("From the start of the call")),
          speaker: v.picklist(["caller", "agent", "tool", "system"]),
          text: v.pipe(
            v.string(),
            v.description(
              "Phone numbers, keys and tokens in it are replaced by [phone], [api-key]…",
            ),
          ),
          interrupted: v.pipe(v.boolean(), v.description("An agent line the caller cut short")),
          confidence: v.pipe(
            v.nullable(v.number()),
            v.description("The transcription's confidence in a caller line (0 to 1), if known"),
          ),
          lowConfidence: v.boolean(),
          retranscription: v.pipe(
            v.nullable(v.string()),
            v.description("An unsure caller line's second reading from its audio, if one was made"),
          ),
          tool: v.nullable(
            v.object({
              name: v.string(),
              status: v.picklist(["ok", "error", "timeout", "cancelled"]),
              durationMs: v.number(),
              error: nullableString,
            }),
          ),
        }),
      ),
    ),
  }),
);

/** A conversation's transcript to keep or share: JSON, plain text, or a PDF. */
export function conversationTranscriptRoutes(calls: CallStore, agents: AgentStore) {
  return new Hono<AppEnv>().get(
    "/:callId/transcript",
    describeRoute({
      tags: ["Conversations"],
      summary: "Export a conversation's transcript (json, txt or pdf)",
      description:
        "`json`: the header fields and every line. `txt`: one line per message, `[m:ss.t] Speaker: text`, " +
        "with `[interrupted]` and `[low confidence …]` marks and tool calls in line. `pdf`: the same, " +
        "paginated A4 under a header, with an embedded CJK-capable font (Chinese, Cantonese, Japanese, " +
        "Korean); at most 5,000 lines, with a note when more were left out. txt and pdf come as attachments. " +
        "No export holds a full phone number, key or token.",
      responses: {
        200: {
          description: "The transcript in the format asked for",
          content: {
            "application/json": { schema: resolver(TranscriptSchema) },
            "text/plain": { schema: { type: "string" } },
            "application/pdf": { schema: { type: "string", format: "binary" } },
          },
        },
        404: failure("Not found (or belongs to another tenant)"),
      },
    }),
    validate("param", CallParam),
    validate("query", TranscriptQuery),
    async (c) => {
      const call = await calls.get(scopeOf(c.get("principal")), c.req.valid("param").callId);
      const [messages, agentName] = await Promise.all([
        calls.messages(call.id),
        agents.get(call.tenantId, call.agentId).then(
          (agent) => redactText(agent.name),
          (error) => {
            if (error instanceof DomainError && error.code === "not_found") return null;
            throw error;
          },
        ),
      ]);
      const transcript = toTranscript(call, messages, agentName);
      const format = c.req.valid("query").format;
      if (format === "json") return c.json(transcript);
      // The call id is checked against `call_[0-9a-z]{23}`: safe as a file name as it is.
      const attachment = (extension: string) =>
        `attachment; filename="transcript-${call.id}.${extension}"`;
      if (format === "txt") {
        return c.body(transcriptText(transcript), 200, {
          "content-type": "text/plain; charset=utf-8",
          "content-disposition": attachment("txt"),
        });
      }
      const pdf = await renderTranscriptPdf(transcript);
      return c.body(pdf, 200, {
        "content-type": "application/pdf",
        "content-disposition": attachment("pdf"),
      });
    },
  );
}
