import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { UsageStore } from "../../store/usage";
import type { AppEnv } from "../context";
import { named, resourceId, responses } from "../schemas";
import { scopeOf } from "../scope";
import { validate } from "../validate";

const CallParam = v.object({ callId: resourceId("call") });
const CallUsageSchema = named(
  "CallUsage",
  v.object({
    callId: v.string(),
    tenantId: v.string(),
    agentId: v.string(),
    channel: v.string(),
    direction: v.string(),
    startedAt: v.string(),
    endedAt: v.string(),
    billableSeconds: v.pipe(
      v.number(),
      v.description("From answered (or media connected) to the end, rounded up"),
    ),
    model: v.pipe(v.nullable(v.string()), v.description("Null for a call closed after a crash")),
    inputTextTokens: v.number(),
    inputAudioTokens: v.number(),
    cachedInputTextTokens: v.pipe(v.number(), v.description("Part of inputTextTokens")),
    cachedInputAudioTokens: v.pipe(v.number(), v.description("Part of inputAudioTokens")),
    outputTextTokens: v.number(),
    outputAudioTokens: v.number(),
    costMicroUsd: v.pipe(
      v.nullable(v.number()),
      v.description("Estimated, in millionths of a US dollar; null when the model has no price"),
    ),
    costUsd: v.nullable(v.number()),
  }),
);

/** `GET /v1/conversations/{id}/usage`: one call's usage row, kept after the call is deleted. */
export function conversationUsageRoutes(usage: UsageStore) {
  return new Hono<AppEnv>().get(
    "/:callId/usage",
    describeRoute({
      tags: ["Usage"],
      summary: "A call's billable seconds, tokens and estimated cost (once it has ended)",
      responses: responses(CallUsageSchema),
    }),
    validate("param", CallParam),
    async (c) => {
      const row = await usage.forCall(scopeOf(c.get("principal")), c.req.valid("param").callId);
      const costUsd = row.costMicroUsd === null ? null : row.costMicroUsd / 1_000_000;
      return c.json({ ...row, costUsd });
    },
  );
}
