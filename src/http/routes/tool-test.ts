import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { runWithDeadline } from "../../calls/tool-calls";
import type { ToolRunner } from "../../calls/tool-port";
import type { AgentConfig } from "../../domain/agent-config";
import { invalid, notFound } from "../../domain/errors";
import { variablesFor } from "../../prompts/variables";
import type { AgentStore } from "../../store/agents";
import type { AppEnv } from "../context";
import { failure, named, resourceId, responses } from "../schemas";
import { scopeOf } from "../scope";
import { validate } from "../validate";

const ToolParam = v.object({
  agentId: resourceId("agt"),
  name: v.pipe(v.string(), v.regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be a tool name")),
});
const ToolTestBody = named(
  "ToolTestRequest",
  v.strictObject({
    arguments: v.optional(
      v.pipe(
        v.record(v.string(), v.unknown()),
        v.description("Sample arguments, as the model would send them"),
      ),
      {},
    ),
    version: v.optional(
      v.pipe(
        v.union([v.literal("draft"), v.pipe(v.number(), v.integer(), v.minValue(1))]),
        v.description('Which config the tool comes from: "draft" (default) or a version'),
      ),
      "draft",
    ),
    variables: v.optional(
      v.pipe(
        v.record(v.string(), v.pipe(v.string(), v.maxLength(500))),
        v.maxEntries(100),
        v.description("Call variables for `{{name}}` placeholders, beside the agent's own"),
      ),
      {},
    ),
  }),
);
const ToolTestResult = named(
  "ToolTestResult",
  v.object({
    tool: v.string(),
    status: v.picklist(["ok", "error", "timeout"]),
    output: v.pipe(v.nullable(v.string()), v.description("What the model would be given")),
    error: v.pipe(v.nullable(v.string()), v.description("Why it failed, as the model would hear")),
    durationMs: v.number(),
  }),
);

/** A tool run on its own, with sample arguments: a business checks it without making a call. */
export function toolTestRoutes(agents: AgentStore, tools: ToolRunner) {
  return new Hono<AppEnv>().post(
    "/:agentId/tools/:name/test",
    describeRoute({
      tags: ["Agents"],
      summary: "Run one HTTP or MCP tool of the agent with sample arguments",
      description:
        "Runs the tool as a call would (credential, egress rules, timeout, output limit) and " +
        "answers with its output or failure and how long it took; a failed tool is still a 200. " +
        "Built-in tools act on a live call: try them in a test call on the draft instead.",
      responses: {
        ...responses(ToolTestResult),
        400: failure("A built-in tool, or invalid arguments"),
      },
    }),
    validate("param", ToolParam),
    validate("json", ToolTestBody),
    async (c) => {
      const { agentId, name } = c.req.valid("param");
      const body = c.req.valid("json");
      const scope = scopeOf(c.get("principal"));
      const agent = await agents.get(scope, agentId);
      let config: AgentConfig = agent.draft;
      let version = `draft:${agent.draftRevision}`;
      if (body.version !== "draft") {
        config = (await agents.getVersion(scope, agentId, body.version)).config;
        version = `v${body.version}`;
      }
      if (config.tools.some((tool) => tool.type === "builtin" && tool.name === name))
        throw invalid(`path.name: ${name} is a built-in tool; try it in a test call`);
      const toolbox = tools.open(
        { tenantId: agent.tenantId, agentId, version },
        config.tools,
        variablesFor(config, { variables: body.variables }).all,
      );
      try {
        const signal = c.req.raw.signal;
        await toolbox.listed(signal);
        if (toolbox.timeoutMs(name) === undefined) throw notFound("tool");
        const outcome = await runWithDeadline(
          toolbox,
          name,
          JSON.stringify(body.arguments),
          signal,
        );
        const { output, error, durationMs } = outcome;
        const status = outcome.status === "cancelled" ? "error" : outcome.status;
        return c.json({ tool: name, status, output, error, durationMs });
      } finally {
        await toolbox.close();
      }
    },
  );
}
