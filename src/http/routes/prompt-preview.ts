import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { declaredBeforeListing } from "../../calls/builtin-tools";
import { searchesEachTurn } from "../../calls/knowledge-turns";
import { modelSettingsFor } from "../../calls/model-settings-for-agent";
import type { AgentConfig } from "../../domain/agent-config";
import { conflict } from "../../domain/errors";
import { LANGUAGES } from "../../domain/languages";
import type { CallContext } from "../../prompts/call-context";
import { greetingInstruction } from "../../prompts/greeting";
import { allowedLanguages, startLanguage } from "../../prompts/language-policy";
import { variablesFor } from "../../prompts/variables";
import type { AgentStore, Scope } from "../../store/agents";
import type { AppEnv } from "../context";
import { conflictResponse, named, resourceId, responses } from "../schemas";
import { scopeOf } from "../scope";
import { invalidInput, validate } from "../validate";

const AgentParam = v.object({ agentId: resourceId("agt") });

/** Parsed in the handler, so the document shows the parameter as the JSON text it is. */
const VariablesJson = v.pipe(
  v.string(),
  v.parseJson(undefined, 'must be a JSON object such as {"order_id":"A-17"}'),
  v.record(
    v.pipe(v.string(), v.regex(/^[a-zA-Z_]\w{0,63}$/, "must be a variable name")),
    v.pipe(v.string("must be a string"), v.maxLength(500)),
    'must be a JSON object of strings such as {"order_id":"A-17"}',
  ),
  v.maxEntries(100),
);

const PreviewQuery = v.object({
  version: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(draft|[1-9]\d{0,8})$/, "must be a version number or draft"),
      v.description("A published version number, or `draft`; default: the published version"),
    ),
  ),
  direction: v.optional(v.picklist(["inbound", "outbound"]), "inbound"),
  contactName: v.optional(v.pipe(v.string(), v.maxLength(200))),
  contactNumber: v.optional(
    v.pipe(v.string(), v.regex(/^\+?\d{6,15}$/, "must be a number in international form")),
  ),
  callerLanguage: v.optional(
    v.pipe(
      v.picklist(LANGUAGES),
      v.description("The language the channel reports for the caller (Wati's voiceLanguage)"),
    ),
  ),
  variables: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(60_000),
      v.description('The call request\'s variables as one JSON object: {"order_id":"A-17"}'),
    ),
  ),
});

const PromptPreview = named(
  "PromptPreview",
  v.object({
    agentId: v.string(),
    version: v.union([v.number(), v.literal("draft")]),
    direction: v.picklist(["inbound", "outbound"]),
    session: v.pipe(
      v.looseObject({
        model: v.string(),
        instructions: v.string(),
        voice: v.string(),
        speed: v.optional(v.number()),
        transcription: v.optional(v.looseObject({ model: v.string() })),
        turnDetection: v.looseObject({ type: v.string() }),
        tools: v.array(v.unknown()),
      }),
      v.description("The model session a call with these details asks for"),
    ),
    greeting: v.pipe(
      v.nullable(v.string()),
      v.description(
        "The instruction of the call's first response; null when the caller speaks first",
      ),
    ),
    language: v.object({
      mode: v.picklist(["fixed", "auto"]),
      start: v.string(),
      allowed: v.union([v.array(v.string()), v.literal("any")]),
    }),
    unfilledVariables: v.pipe(
      v.array(v.string()),
      v.description("{{names}} the templates use that have no value here: removed from the text"),
    ),
  }),
);

function parseVariables(text: string): Record<string, string> {
  const parsed = v.safeParse(VariablesJson, text);
  if (!parsed.success) throw invalidInput("query", parsed.issues, ["variables"]);
  return parsed.output;
}

async function configAt(agents: AgentStore, scope: Scope, agentId: string, version?: string) {
  if (version === "draft") {
    const agent = await agents.get(scope, agentId);
    return { version: "draft" as const, config: agent.draft };
  }
  let number = version === undefined ? undefined : Number(version);
  if (number === undefined) {
    const agent = await agents.get(scope, agentId);
    if (agent.publishedVersion === null)
      throw conflict("agent has no published version; ask for version=draft");
    number = agent.publishedVersion;
  }
  const found = await agents.getVersion(scope, agentId, number);
  return { version: found.version, config: found.config };
}

/** Exactly what a call's model gets, built by the same functions a call uses. */
export function previewOf(config: AgentConfig, call: CallContext) {
  const values = variablesFor(config, call);
  // A browser call's tools: built-ins and HTTP tools (MCP tools are listed when a call starts).
  const session = modelSettingsFor(config, call, declaredBeforeListing(config, {}), values, {
    respondsAfterRetrieval: searchesEachTurn(config),
  });
  const greeting = greetingInstruction(config, call, values);
  return {
    session,
    greeting,
    language: {
      mode: config.language.mode,
      start: startLanguage(config, call),
      allowed: allowedLanguages(config),
    },
    unfilledVariables: values.unfilled,
  };
}

export function promptPreviewRoutes(agents: AgentStore) {
  return new Hono<AppEnv>().get(
    "/:agentId/prompt-preview",
    describeRoute({
      tags: ["Agents"],
      summary: "What the model receives on a call: instructions, greeting, voice, language",
      description:
        "Built by the same code a call uses. `variables` is one JSON object of the call " +
        'request\'s variables (`?variables={"order_id":"A-17"}`, URL-encoded).',
      responses: {
        ...responses(PromptPreview),
        ...conflictResponse("No version is published and none was asked for"),
      },
    }),
    validate("param", AgentParam),
    validate("query", PreviewQuery),
    async (c) => {
      const { agentId } = c.req.valid("param");
      const query = c.req.valid("query");
      const scope = scopeOf(c.get("principal"));
      const { version, config } = await configAt(agents, scope, agentId, query.version);
      const call: CallContext = {
        direction: query.direction,
        ...(query.contactName ? { contactName: query.contactName } : {}),
        ...(query.contactNumber ? { contactNumber: query.contactNumber } : {}),
        ...(query.callerLanguage ? { callerLanguage: query.callerLanguage } : {}),
        ...(query.variables ? { variables: parseVariables(query.variables) } : {}),
      };
      return c.json({ agentId, version, direction: query.direction, ...previewOf(config, call) });
    },
  );
}
