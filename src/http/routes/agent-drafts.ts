import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { type AgentDrafter, DraftingError } from "../../drafting/agent-drafter";
import { DraftRequestSchema } from "../../drafting/draft-request";
import type { AgentStore } from "../../store/agents";
import type { TenantStore } from "../../store/tenants";
import type { AppEnv } from "../context";
import { errorResponse } from "../errors";
import { failure, named, responses } from "../schemas";
import { owningTenant } from "../scope";
import { validate } from "../validate";
import { SuggestedToolSchema } from "./agent-templates";
import { AgentConfig, AgentSchema } from "./agents";

const DraftRequest = named("AgentDraftRequest", DraftRequestSchema);
const AgentDraft = named(
  "AgentDraft",
  v.object({
    source: v.pipe(
      v.picklist(["model", "template"]),
      v.description(
        "model: written by the drafting model; template: filled from a template, offline",
      ),
    ),
    model: v.optional(v.string()),
    template: v.optional(v.string()),
    name: v.string(),
    description: v.string(),
    config: AgentConfig,
    suggestedTools: v.array(SuggestedToolSchema),
    notes: v.array(v.string()),
    agent: v.optional(AgentSchema),
  }),
);

/** `POST /v1/agents/generate`: a draft config from a description or brand kit. */
export function agentDraftRoutes(deps: {
  drafter: AgentDrafter;
  agents: AgentStore;
  tenants: TenantStore;
}) {
  return new Hono<AppEnv>().post(
    "/generate",
    describeRoute({
      tags: ["Agents"],
      summary: "Draft an agent config from a business description or brand kit",
      description:
        "Written by the drafting model when OPENAI_API_KEY is set, otherwise filled from a template " +
        "(`source` says which). The config is checked against the AgentConfig schema before it is " +
        "returned. Nothing is stored unless `create` is true: then the agent is created with the " +
        "config as its draft (201). The logo URL is never fetched.",
      responses: {
        ...responses(AgentDraft, 200, "Drafted"),
        ...responses(AgentDraft, 201, "Drafted and created (`create: true`)"),
        502: failure("The drafting model failed or returned an invalid config"),
        504: failure("The drafting model did not answer in time"),
      },
    }),
    validate("json", DraftRequest),
    async (c) => {
      const request = c.req.valid("json");
      // Checked before the model is asked, so a request that cannot be stored costs nothing.
      const tenantId = request.create
        ? owningTenant(c.get("principal"), request.tenantId)
        : undefined;
      if (tenantId) await deps.tenants.get(tenantId);
      let drafted: Awaited<ReturnType<AgentDrafter["draft"]>>;
      try {
        drafted = await deps.drafter.draft(request, c.req.raw.signal);
      } catch (error) {
        if (!(error instanceof DraftingError)) throw error;
        c.get("log")?.warn("agent drafting failed", { kind: error.kind, error: error.message });
        const status = error.kind === "timeout" ? 504 : 502;
        return errorResponse(c, status, "drafting_failed", error.message);
      }
      if (!tenantId) return c.json(drafted);
      const agent = await deps.agents.create(tenantId, {
        name: request.name ?? drafted.name,
        description: drafted.description,
        draft: drafted.config,
      });
      return c.json({ ...drafted, agent }, 201);
    },
  );
}
