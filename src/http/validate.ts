import type { ValidationTargets } from "hono";
import { validator } from "hono-openapi";
import { invalid } from "../domain/errors";
import { type Issue, plainWords } from "./issue-words";

type Schema = Parameters<typeof validator>[1];

export interface FieldIssue {
  field: string;
  message: string;
}

const WHERE: Record<string, string> = {
  json: "body",
  query: "query",
  param: "path",
  header: "header",
};

/** A long list of issues is cut here: the first ones say what is wrong. */
const ISSUES_SHOWN = 20;

/**
 * Names each failing field as a dotted path under where it came from (`body.voice.speed`);
 * `under` is where the validated value sits in that place, when not at its top.
 */
export function describeIssues(
  target: string,
  issues: readonly Issue[],
  under: readonly string[] = [],
): FieldIssue[] {
  return issues.slice(0, ISSUES_SHOWN).map((issue) => {
    const path = (issue.path ?? []).map((p) => (typeof p === "object" ? String(p.key) : String(p)));
    const field = [WHERE[target] ?? target, ...under, ...path].join(".");
    return { field, message: plainWords(issue) };
  });
}

/** The 400 for failed validation: one summary line, and each field with its reason. */
export function invalidInput(
  target: string,
  issues: readonly Issue[],
  under: readonly string[] = [],
) {
  const described = describeIssues(target, issues, under);
  const more =
    issues.length > described.length ? ` (and ${issues.length - described.length} more)` : "";
  const summary = described.map((i) => `${i.field}: ${i.message}`).join("; ") + more;
  return invalid(summary, { issues: described });
}

/**
 * hono-openapi's validator (so the schema also documents the route), with failures raised as a
 * 400 that names each field and reason.
 */
export function validate<S extends Schema, T extends keyof ValidationTargets>(
  target: T,
  schema: S,
) {
  return validator(target, schema, (result) => {
    if (!result.success) throw invalidInput(target, result.error);
  });
}
