import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Agent } from "../../domain/agent";
import { AgentConfigSchema } from "../../domain/agent-config";
import { conflict, DomainError } from "../../domain/errors";
import { AGENT_TEMPLATES, findTemplate } from "../../prompts/templates";
import type { AgentStore, Scope } from "../../store/agents";
import type { TenantStore } from "../../store/tenants";
import type { AppEnv, Principal } from "../context";
import { mergePatch } from "../merge-patch";
import {
  conflictResponse,
  named,
  noContent,
  PageQuery,
  pageOf,
  resourceId,
  responses,
} from "../schemas";
import { owningTenant, scopeOf } from "../scope";
import { invalidInput, validate } from "../validate";

const AgentParam = v.object({ agentId: resourceId("agt") });
const VersionParam = v.object({
  agentId: resourceId("agt"),
  version: v.pipe(
    v.string(),
    v.regex(/^[1-9]\d{0,8}$/, "must be a version number"),
    v.transform(Number),
  ),
});
const name = v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(200));
const description = v.pipe(v.string(), v.maxLength(2000));

export const AgentConfig = named("AgentConfig", AgentConfigSchema);
const CreateAgent = named(
  "AgentCreate",
  v.strictObject({
    tenantId: v.optional(resourceId("ten")),
    name,
    description: v.optional(description),
    template: v.optional(
      v.pipe(
        v.picklist(AGENT_TEMPLATES.map((t) => t.id)),
        v.description("Start from this template (GET /v1/agent-templates)"),
      ),
    ),
    config: v.optional(
      v.pipe(
        v.record(v.string(), v.unknown()),
        v.description(
          "The draft: an AgentConfig, fields left out taking their defaults. With `template`, a " +
            "JSON Merge Patch over the template's config. The result must be a valid AgentConfig.",
        ),
      ),
    ),
  }),
);

/** The new agent's draft: the body's config, over the template's when one is named. */
function initialDraft(templateId: string | undefined, config: Record<string, unknown> = {}) {
  const base = templateId ? (findTemplate(templateId)?.config ?? {}) : {};
  const merged = v.safeParse(AgentConfigSchema, mergePatch(base, config));
  if (!merged.success) throw invalidInput("json", merged.issues, ["config"]);
  return merged.output;
}
/** The draftRevision an edit was based on; a newer draft makes it a 409. */
const expectedRevision = v.optional(
  v.pipe(
    v.number(),
    v.integer(),
    v.minValue(1),
    v.description("The draftRevision this edit was based on; if the draft has moved on, 409"),
  ),
);
const UpdateAgent = named(
  "AgentUpdate",
  v.strictObject({
    name: v.optional(name),
    description: v.optional(description),
    config: v.optional(
      v.pipe(
        v.record(v.string(), v.unknown()),
        v.description(
          "A JSON Merge Patch (RFC 7396) of the draft config: objects merge, lists replace, null " +
            "resets a field to its default. The result must be a valid AgentConfig.",
        ),
      ),
    ),
    expectedRevision,
  }),
);
const ReplaceDraft = named(
  "AgentDraftReplace",
  v.strictObject({
    /** The whole draft; omitted fields take their defaults. */
    config: AgentConfig,
    expectedRevision,
  }),
);
const Publish = v.strictObject({ note: v.optional(v.pipe(v.string(), v.maxLength(500))) });
const AgentQuery = v.object({
  ...PageQuery.entries,
  tenantId: v.optional(resourceId("ten")),
  published: v.optional(
    v.pipe(
      v.picklist(["true", "false"]),
      v.transform((s) => s === "true"),
    ),
  ),
  name: v.optional(v.pipe(v.string(), v.maxLength(200))),
});

export const AgentSchema = named(
  "Agent",
  v.object({
    id: v.string(),
    tenantId: v.string(),
    name: v.string(),
    description: v.string(),
    draft: AgentConfig,
    draftRevision: v.number(),
    publishedVersion: v.nullable(v.number()),
    createdAt: v.string(),
    updatedAt: v.string(),
  }),
);
export const AgentVersionSchema = named(
  "AgentVersion",
  v.object({
    agentId: v.string(),
    version: v.number(),
    config: AgentConfig,
    note: v.string(),
    sourceVersion: v.nullable(v.number()),
    publishedBy: v.string(),
    publishedAt: v.string(),
  }),
);

/**
 * Applies a merge patch to the stored draft and saves it if the result is a valid config. With
 * no expectedRevision the caller asked to merge onto whatever is there, so an edit that lands in
 * between is merged onto again rather than lost.
 */
async function mergeIntoDraft(
  agents: AgentStore,
  scope: Scope,
  id: string,
  fields: { name?: string; description?: string },
  patch: Record<string, unknown>,
  expectedRevision: number | undefined,
): Promise<Agent> {
  for (let attempt = 1; ; attempt++) {
    const current = await agents.get(scope, id);
    if (expectedRevision !== undefined && expectedRevision !== current.draftRevision) {
      throw conflict("the draft changed since it was read", {
        draftRevision: current.draftRevision,
      });
    }
    const merged = v.safeParse(AgentConfigSchema, mergePatch(current.draft, patch));
    if (!merged.success) throw invalidInput("json", merged.issues, ["config"]);
    try {
      return await agents.update(
        scope,
        id,
        { ...fields, draft: merged.output },
        current.draftRevision,
      );
    } catch (error) {
      const raced = error instanceof DomainError && error.code === "conflict";
      if (!raced || expectedRevision !== undefined || attempt >= 3) throw error;
    }
  }
}

const actor = (p: Principal) => (p.kind === "tenant" ? p.keyId : p.kind);
const tags = ["Agents"];

export function agentRoutes(agents: AgentStore, tenants: TenantStore) {
  return new Hono<AppEnv>()
    .post(
      "/",
      describeRoute({
        tags,
        summary: "Create an agent (its config starts as the draft)",
        responses: responses(AgentSchema, 201, "Created"),
      }),
      validate("json", CreateAgent),
      async (c) => {
        const body = c.req.valid("json");
        const tenantId = owningTenant(c.get("principal"), body.tenantId);
        await tenants.get(tenantId);
        const agent = await agents.create(tenantId, {
          name: body.name,
          description: body.description ?? "",
          draft: initialDraft(body.template, body.config),
        });
        return c.json(agent, 201);
      },
    )
    .get(
      "/",
      describeRoute({ tags, summary: "List agents", responses: responses(pageOf(AgentSchema)) }),
      validate("query", AgentQuery),
      async (c) => {
        const { limit, cursor, ...filter } = c.req.valid("query");
        return c.json(await agents.list(scopeOf(c.get("principal")), { limit, cursor }, filter));
      },
    )
    .get(
      "/:agentId",
      describeRoute({
        tags,
        summary: "Get an agent with its draft",
        responses: responses(AgentSchema),
      }),
      validate("param", AgentParam),
      async (c) =>
        c.json(await agents.get(scopeOf(c.get("principal")), c.req.valid("param").agentId)),
    )
    .patch(
      "/:agentId",
      describeRoute({
        tags,
        summary: "Edit an agent's name, description, or part of its draft",
        description:
          "`config` is merged into the draft (JSON Merge Patch): send only what changes. To " +
          "replace the whole draft, use PUT /v1/agents/{agentId}/draft.",
        responses: {
          ...responses(AgentSchema),
          ...conflictResponse("The draft moved on since expectedRevision"),
        },
      }),
      validate("param", AgentParam),
      validate("json", UpdateAgent),
      async (c) => {
        const { expectedRevision, config, ...rest } = c.req.valid("json");
        const scope = scopeOf(c.get("principal"));
        const id = c.req.valid("param").agentId;
        if (!config) return c.json(await agents.update(scope, id, rest, expectedRevision));
        return c.json(await mergeIntoDraft(agents, scope, id, rest, config, expectedRevision));
      },
    )
    .put(
      "/:agentId/draft",
      describeRoute({
        tags,
        summary: "Replace an agent's whole draft config",
        description: "Fields left out take their defaults.",
        responses: {
          ...responses(AgentSchema),
          ...conflictResponse("The draft moved on since expectedRevision"),
        },
      }),
      validate("param", AgentParam),
      validate("json", ReplaceDraft),
      async (c) => {
        const { config, expectedRevision } = c.req.valid("json");
        const scope = scopeOf(c.get("principal"));
        const id = c.req.valid("param").agentId;
        return c.json(await agents.update(scope, id, { draft: config }, expectedRevision));
      },
    )
    .delete(
      "/:agentId",
      describeRoute({
        tags,
        summary: "Delete an agent (soft; its bindings are removed)",
        responses: noContent,
      }),
      validate("param", AgentParam),
      async (c) => {
        await agents.remove(scopeOf(c.get("principal")), c.req.valid("param").agentId);
        return c.body(null, 204);
      },
    )
    .post(
      "/:agentId/publish",
      describeRoute({
        tags,
        summary: "Publish the draft as the next version",
        responses: responses(AgentVersionSchema, 201, "Published"),
      }),
      validate("param", AgentParam),
      validate("json", Publish),
      async (c) => {
        const principal = c.get("principal");
        const note = c.req.valid("json").note ?? "";
        const version = await agents.publish(
          scopeOf(principal),
          c.req.valid("param").agentId,
          note,
          actor(principal),
        );
        return c.json(version, 201);
      },
    )
    .get(
      "/:agentId/versions",
      describeRoute({
        tags,
        summary: "List published versions, newest first",
        responses: responses(pageOf(AgentVersionSchema)),
      }),
      validate("param", AgentParam),
      validate("query", PageQuery),
      async (c) => {
        const scope = scopeOf(c.get("principal"));
        return c.json(
          await agents.listVersions(scope, c.req.valid("param").agentId, c.req.valid("query")),
        );
      },
    )
    .get(
      "/:agentId/versions/:version",
      describeRoute({
        tags,
        summary: "Get one published version",
        responses: responses(AgentVersionSchema),
      }),
      validate("param", VersionParam),
      async (c) => {
        const { agentId, version } = c.req.valid("param");
        return c.json(await agents.getVersion(scopeOf(c.get("principal")), agentId, version));
      },
    )
    .post(
      "/:agentId/versions/:version/rollback",
      describeRoute({
        tags,
        summary: "Publish an older version's config again, as the next version",
        responses: responses(AgentVersionSchema, 201, "Published"),
      }),
      validate("param", VersionParam),
      async (c) => {
        const principal = c.get("principal");
        const { agentId, version } = c.req.valid("param");
        return c.json(
          await agents.rollback(scopeOf(principal), agentId, version, actor(principal)),
          201,
        );
      },
    );
}
