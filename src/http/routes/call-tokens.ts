import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { AgentStore } from "../../store/agents";
import type { CallTokens } from "../call-tokens";
import type { AppEnv } from "../context";
import { named, resourceId, responses } from "../schemas";
import { expiryBound, scopeOf } from "../scope";
import { validate } from "../validate";

const AgentParam = v.object({ agentId: resourceId("agt") });
const MintBody = v.strictObject({
  ttlSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(30), v.maxValue(86_400)), 900),
});
const CallTokenSchema = named(
  "CallToken",
  v.object({
    token: v.pipe(
      v.string(),
      v.description("Send as `Authorization: Bearer <token>` to /v1/calls"),
    ),
    agentId: v.string(),
    expiresAt: v.string(),
  }),
);

/** Short-lived tokens for public demo pages: they can call one agent and nothing else. */
export function callTokenRoutes(agents: AgentStore, tokens: CallTokens) {
  return new Hono<AppEnv>().post(
    "/:agentId/call-tokens",
    describeRoute({
      tags: ["Calls"],
      summary: "Mint a call token for one agent",
      description:
        "The token expires after `ttlSeconds`, or when the tenant key minting it expires, if sooner.",
      responses: responses(CallTokenSchema, 201, "Minted"),
    }),
    validate("param", AgentParam),
    validate("json", MintBody),
    async (c) => {
      const agent = await agents.get(scopeOf(c.get("principal")), c.req.valid("param").agentId);
      // Like a key, a call token never outlives the tenant key that mints it.
      const bound = expiryBound(c.get("principal"));
      const exp = Math.min(
        Date.now() + c.req.valid("json").ttlSeconds * 1000,
        bound ? Date.parse(bound) : Number.POSITIVE_INFINITY,
      );
      const token = tokens.mint({ tenantId: agent.tenantId, agentId: agent.id, exp });
      return c.json({ token, agentId: agent.id, expiresAt: new Date(exp).toISOString() }, 201);
    },
  );
}
