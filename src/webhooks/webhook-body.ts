import type * as v from "valibot";
import { checkJsonShape } from "../http/json-shape";

/** One failing field of a webhook body, with its full path (`entry[0].changes[0].value...`). */
export interface WebhookIssue {
  path: string;
  message: string;
}

/** Why a body was refused: a readable summary and every failing field. Never thrown. */
export interface WebhookBodyError {
  message: string;
  issues: WebhookIssue[];
}

/** Turns valibot issues into paths under `prefix` (the item's place in the whole body). */
export function issuesAt(prefix: string, issues: readonly v.BaseIssue<unknown>[]): WebhookIssue[] {
  return issues.map((issue) => {
    let path = prefix;
    for (const item of issue.path ?? []) {
      path += typeof item.key === "number" ? `[${item.key}]` : `.${String(item.key)}`;
    }
    return { path: path.replace(/^\./, "") || "(body)", message: describe(issue) };
  });
}

/**
 * Says what was wrong without quoting the value received: bodies carry phone numbers and SDP
 * that must not reach logs through an error message.
 */
function describe(issue: v.BaseIssue<unknown>): string {
  if (issue.input === undefined) return "is missing";
  if (!issue.message.startsWith("Invalid ")) return issue.message;
  const got =
    issue.input === null ? "null" : Array.isArray(issue.input) ? "array" : typeof issue.input;
  return issue.kind === "schema"
    ? `must be ${issue.expected ?? "something else"} (got ${got})`
    : `must match ${issue.expected ?? "its rule"}`;
}

export function bodyError(issues: WebhookIssue[]): WebhookBodyError {
  const listed = issues
    .slice(0, 5)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join("; ");
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : "";
  return { message: `invalid webhook body: ${listed}${more}`, issues };
}

/** Parses the raw body (after its signature was checked) as JSON, without throwing. */
export function readJsonBody(
  raw: Uint8Array | string,
): { ok: true; value: unknown } | { ok: false; error: WebhookBodyError } {
  const text = typeof raw === "string" ? raw : new TextDecoder().decode(raw);
  // Bounded before parsing: an unsigned route (Wati without a secret) takes any body.
  const shape = checkJsonShape(text);
  if (shape) {
    const path = shape.path.length ? shape.path.join(".") : "(body)";
    return { ok: false, error: bodyError([{ path, message: shape.message }]) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: bodyError([{ path: "(body)", message: "is not valid JSON" }]) };
  }
}
