import type { ApiError, FieldIssue } from "../../api/client";

/**
 * What the API refused in an agent edit, by the form's own field paths: "voice.speed" for the
 * draft's fields (the API says "body.config.voice.speed"), "name" and "description" for the
 * agent's own.
 */
export interface ConfigIssues {
  /** Every issue, in the API's order, with the form's path ("" when it names no field). */
  all: FieldIssue[];
  /** The message for exactly this path. */
  at(path: string): string | undefined;
  /** The messages for this path and everything under it, e.g. a JSON field's inner keys. */
  under(path: string): string | undefined;
}

const CONFIG = /^body\.config(?:\.(.+))?$/;
const AGENT_FIELD = /^body\.(name|description)$/;
/** A check over the whole config names its field first: "voice.name x is not one of …". */
const LEADING_PATH = /^([a-z][A-Za-z]*(?:\.[A-Za-z0-9]+)+) /;

function formPath(issue: FieldIssue): FieldIssue[] {
  const agentField = AGENT_FIELD.exec(issue.field);
  if (agentField) return [{ field: agentField[1] as string, message: issue.message }];
  const config = CONFIG.exec(issue.field);
  if (!config) return [{ field: "", message: issue.message }];
  if (config[1]) return [{ field: config[1], message: issue.message }];
  // The checks over the whole config join their sentences with "; ".
  return issue.message.split("; ").map((sentence) => ({
    field: LEADING_PATH.exec(sentence)?.[1] ?? "",
    message: sentence,
  }));
}

function join(messages: string[]): string | undefined {
  return messages.length === 0 ? undefined : messages.join("; ");
}

export function configIssues(errors: readonly ApiError[]): ConfigIssues {
  const all = errors.flatMap((error) =>
    error.issues.length > 0
      ? error.issues.flatMap(formPath)
      : [{ field: "", message: error.message }],
  );
  return {
    all,
    at: (path) => join(all.filter((i) => i.field === path).map((i) => i.message)),
    under: (path) =>
      join(
        all.filter((i) => i.field === path || i.field.startsWith(`${path}.`)).map((i) => i.message),
      ),
  };
}

export const NO_ISSUES = configIssues([]);
