import type { ValidationTargets } from "hono";
import { validator } from "hono-openapi";
import { invalid } from "../domain/errors";

type Schema = Parameters<typeof validator>[1];
type Issue = {
  message: string;
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> | undefined;
};

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

/** Names each failing field as a dotted path under where it came from (`body.voice.speed`). */
export function describeIssues(target: string, issues: readonly Issue[]): FieldIssue[] {
  return issues.map((issue) => {
    const path = (issue.path ?? []).map((p) => (typeof p === "object" ? String(p.key) : String(p)));
    return { field: [WHERE[target] ?? target, ...path].join("."), message: issue.message };
  });
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
    if (!result.success) {
      const issues = describeIssues(target, result.error);
      const summary = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
      throw invalid(summary, { issues });
    }
  });
}
