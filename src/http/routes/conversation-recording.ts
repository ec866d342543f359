import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { BlobStore } from "../../blobs/blob-store";
import { DomainError } from "../../domain/errors";
import type { CallRecordingStore, RecordingRow } from "../../store/call-recordings";
import type { CallStore } from "../../store/calls";
import { parseRange } from "../byte-range";
import type { AppEnv } from "../context";
import { errorResponse } from "../errors";
import { failure, resourceId } from "../schemas";
import { scopeOf } from "../scope";
import { validate } from "../validate";

const CallParam = v.object({ callId: resourceId("call") });
const audio = (description: string) => ({
  description,
  content: { "audio/ogg": { schema: { type: "string" as const, format: "binary" } } },
});

/** Why a conversation has no recording to play, in words a developer can act on. */
function missing(row: RecordingRow | null): DomainError {
  const why =
    row === null
      ? "this conversation has no recording (its agent has recording turned off, or the call never started)"
      : row.status === "recording"
        ? "the recording is not ready yet: the call is still going on or its recording is being finished"
        : row.status === "failed"
          ? "the recording of this conversation failed and cannot be played"
          : "the recording of this conversation was deleted";
  return new DomainError("not_found", why);
}

/** The call's stereo recording (caller left, agent right) as Ogg/Opus, seekable by byte range. */
export function conversationRecordingRoutes(
  calls: CallStore,
  recordings: CallRecordingStore,
  blobs: BlobStore,
) {
  return new Hono<AppEnv>().get(
    "/:callId/recording",
    describeRoute({
      tags: ["Conversations"],
      summary: "Play a conversation's recording",
      description:
        "Streams the call's stereo Ogg/Opus recording: the caller on the left channel, the agent " +
        "(what the caller heard) on the right, from the start of the call. Supports HTTP Range " +
        "requests (`bytes=a-b`, `bytes=a-`, `bytes=-n`), so an `<audio>` element can seek.",
      responses: {
        200: audio("The whole recording"),
        206: audio("The requested byte range (Content-Range says which)"),
        404: failure("No such conversation, or no recording ready for it (the message says which)"),
        416: failure("The range starts past the end of the recording"),
      },
    }),
    validate("param", CallParam),
    async (c) => {
      const call = await calls.get(scopeOf(c.get("principal")), c.req.valid("param").callId);
      const row = await recordings.get(call.id);
      if (row?.status !== "ready") throw missing(row);
      const size = await blobs.size(row.blobKey);
      if (size === null) throw missing({ ...row, status: "deleted" });
      const range = parseRange(c.req.header("range"), size);
      const headers: Record<string, string> = {
        "content-type": "audio/ogg",
        "accept-ranges": "bytes",
        "cache-control": "private, max-age=3600",
      };
      if (range.kind === "unsatisfiable") {
        c.header("content-range", `bytes */${size}`);
        c.header("accept-ranges", "bytes");
        return errorResponse(
          c,
          416,
          "range_not_satisfiable",
          `the range asked for starts past the end of the recording (${size} bytes)`,
        );
      }
      if (range.kind === "whole") {
        const body = await blobs.read(row.blobKey);
        if (!body) throw missing({ ...row, status: "deleted" });
        return c.body(body, 200, { ...headers, "content-length": String(size) });
      }
      const body = await blobs.read(row.blobKey, { start: range.start, end: range.end });
      if (!body) throw missing({ ...row, status: "deleted" });
      return c.body(body, 206, {
        ...headers,
        "content-length": String(range.end - range.start),
        "content-range": `bytes ${range.start}-${range.end - 1}/${size}`,
      });
    },
  );
}
