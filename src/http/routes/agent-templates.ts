import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { AgentConfigSchema } from "../../domain/agent-config";
import { notFound } from "../../domain/errors";
import { AGENT_TEMPLATES, type AgentTemplate, findTemplate } from "../../prompts/templates";
import type { AppEnv } from "../context";
import { named, responses } from "../schemas";
import { validate } from "../validate";
import { AgentConfig } from "./agents";

export const SuggestedToolSchema = v.object({
  name: v.string(),
  description: v.pipe(v.string(), v.description("What the tool should do, for whoever builds it")),
});

const TemplateSchema = named(
  "AgentTemplate",
  v.object({
    id: v.string(),
    name: v.string(),
    description: v.string(),
    config: AgentConfig,
    suggestedTools: v.array(SuggestedToolSchema),
  }),
);
const TemplateList = named("AgentTemplateList", v.object({ data: v.array(TemplateSchema) }));
const TemplateParam = v.object({
  templateId: v.pipe(v.string(), v.regex(/^[a-z][a-z-]{0,62}$/, "must be a template id")),
});

/** A template with every default filled in: the draft an agent made from it starts with. */
const shown = (template: AgentTemplate) => ({
  ...template,
  config: v.parse(AgentConfigSchema, template.config),
});

/** Ready-made agents for common businesses; `POST /v1/agents` with `template` starts from one. */
export function agentTemplateRoutes() {
  const tags = ["Agents"];
  return new Hono<AppEnv>()
    .get(
      "/",
      describeRoute({ tags, summary: "List agent templates", responses: responses(TemplateList) }),
      (c) => c.json({ data: AGENT_TEMPLATES.map(shown) }),
    )
    .get(
      "/:templateId",
      describeRoute({
        tags,
        summary: "Get one agent template",
        responses: responses(TemplateSchema),
      }),
      validate("param", TemplateParam),
      (c) => {
        const template = findTemplate(c.req.valid("param").templateId);
        if (!template) throw notFound("agent template");
        return c.json(shown(template));
      },
    );
}
