import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import { type AgentConfig, AgentConfigFields, AgentConfigSchema } from "../domain/agent-config";
import { BuiltinToolSchema } from "../domain/agent-tools";
import type { SuggestedTool } from "../prompts/templates";

const entries = AgentConfigFields.entries;

/**
 * What the drafting model may write: the parts of a config a description can inform. Tools are
 * built-in ones only, so no model answer can point an agent at a URL.
 */
const DraftConfigSchema = v.strictObject({
  instructions: entries.instructions,
  persona: entries.persona,
  greeting: entries.greeting,
  language: entries.language,
  voice: entries.voice,
  business: entries.business,
  rules: entries.rules,
  outbound: entries.outbound,
  tools: v.optional(v.pipe(v.array(BuiltinToolSchema), v.maxLength(4)), []),
});

export const DraftOutputSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  description: v.pipe(v.string(), v.maxLength(2000)),
  config: DraftConfigSchema,
  suggestedTools: v.pipe(
    v.array(
      v.strictObject({
        name: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,63}$/)),
        description: v.pipe(v.string(), v.maxLength(500)),
      }),
    ),
    v.maxLength(8),
  ),
});

/**
 * The JSON Schema the model is asked to follow, derived from the same valibot schemas (checks
 * JSON Schema cannot say, such as an accent matching the language, are left to checkDraft).
 */
export const DRAFT_JSON_SCHEMA: Record<string, unknown> = (() => {
  const { $schema: _, ...schema } = toJsonSchema(DraftOutputSchema, {
    errorMode: "ignore",
    typeMode: "input",
  });
  return schema;
})();

export interface Draft {
  name: string;
  description: string;
  config: AgentConfig;
  suggestedTools: SuggestedTool[];
}

export type DraftCheck = { ok: true; draft: Draft } | { ok: false; problems: string };

/** A model's answer checked against the draft's shape, then against the real config schema. */
export function checkDraft(answer: unknown): DraftCheck {
  const shaped = v.safeParse(DraftOutputSchema, answer);
  if (!shaped.success) return { ok: false, problems: describe(shaped.issues) };
  const config = v.safeParse(AgentConfigSchema, shaped.output.config);
  if (!config.success) return { ok: false, problems: describe(config.issues, "config") };
  return { ok: true, draft: { ...shaped.output, config: config.output } };
}

function describe(issues: readonly v.BaseIssue<unknown>[], under?: string): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = [under, ...(issue.path ?? []).map((p) => String(p.key))].filter(Boolean);
      return `${path.join(".") || "(answer)"}: ${issue.message}`;
    })
    .join("; ");
}
