import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { builtinDeclarations } from "../../calls/builtin-tools";
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

const ToolListQuery = v.object({
  version: v.optional(
    v.pipe(v.string(), v.regex(/^(draft|[1-9]\d{0,8})$/, 'must be "draft" or a version number')),
    "draft",
  ),
});
const AgentToolList = named(
  "AgentToolList",
  v.object({
    version: v.union([v.literal("draft"), v.number()]),
    data: v.array(
      v.object({
        name: v.string(),
        kind: v.pipe(
          v.picklist(["http", "mcp", "builtin"]),
          v.description("builtin tools act on a live call and cannot be run on their own"),
        ),
        description: v.string(),
        parameters: v.pipe(
          v.record(v.string(), v.unknown()),
          v.description("JSON Schema of the arguments, as the model is given it"),
        ),
        server: v.optional(
          v.pipe(v.string(), v.description("MCP tools: the tool entry of the server offering it")),
        ),
      }),
    ),
    unlistedServers: v.pipe(
      v.array(v.string()),
      v.description("MCP tool entries (their names in the config) whose server gave no tools now"),
    ),
  }),
);

/** Every channel's built-ins, as a call able to do them all declares them. */
const EVERY_ABILITY = { sendText: async () => {}, transfer: async () => {} };

/** An agent's tools, listed and run one at a time: a business checks them without a call. */
export function toolTestRoutes(agents: AgentStore, tools: ToolRunner) {
  return new Hono<AppEnv>()
    .get(
      "/:agentId/tools",
      describeRoute({
        tags: ["Agents"],
        summary: "List the tools a call of the agent would declare, MCP servers' tools included",
        description:
          "From the draft (default) or a version. MCP servers are asked for their tools now, " +
          "as a call would; one that cannot be listed is named in `unlistedServers`.",
        responses: responses(AgentToolList),
      }),
      validate("param", v.object({ agentId: resourceId("agt") })),
      validate("query", ToolListQuery),
      async (c) => {
        const { agentId } = c.req.valid("param");
        const asked = c.req.valid("query").version;
        const scope = scopeOf(c.get("principal"));
        const agent = await agents.get(scope, agentId);
        const version = asked === "draft" ? "draft" : Number(asked);
        const config =
          version === "draft"
            ? agent.draft
            : (await agents.getVersion(scope, agentId, version)).config;
        const owner = {
          tenantId: agent.tenantId,
          agentId,
          version: version === "draft" ? `draft:${agent.draftRevision}` : `v${version}`,
        };
        const variables = variablesFor(config, {}).all;
        const signal = c.req.raw.signal;
        const open = (list: AgentConfig["tools"]) => tools.open(owner, list, variables);
        const toolbox = open(config.tools);
        // Each server on its own too, to name those that gave nothing (listings are shared).
        const servers = config.tools.filter((t) => t.type === "mcp");
        const boxes = servers.map((server) => open([server]));
        try {
          const [all, ...perServer] = await Promise.all(
            [toolbox, ...boxes].map((box) => box.listed(signal)),
          );
          const serverOf = new Map<string, string>();
          perServer.forEach((listed, i) => {
            for (const tool of listed) {
              if (!serverOf.has(tool.name)) serverOf.set(tool.name, servers[i]?.name ?? "");
            }
          });
          const http = new Set(config.tools.flatMap((t) => (t.type === "http" ? [t.name] : [])));
          const data = [
            ...(all ?? []).map((tool) =>
              http.has(tool.name)
                ? { ...tool, kind: "http" as const }
                : { ...tool, kind: "mcp" as const, server: serverOf.get(tool.name) ?? "" },
            ),
            ...builtinDeclarations(config, EVERY_ABILITY).map((tool) => ({
              ...tool,
              kind: "builtin" as const,
            })),
          ];
          const unlistedServers = servers
            .filter((_, i) => (perServer[i] ?? []).length === 0)
            .map((server) => server.name);
          return c.json({ version, data, unlistedServers });
        } finally {
          await Promise.all([toolbox, ...boxes].map((box) => box.close()));
        }
      },
    )
    .post(
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
