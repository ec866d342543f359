/** What a validation issue carries that is worth reading; valibot's issues have these fields. */
export interface Issue {
  message: string;
  kind?: string;
  type?: string;
  expected?: string | null;
  requirement?: unknown;
  input?: unknown;
  path?: ReadonlyArray<PropertyKey | { key: unknown }> | undefined;
}

const TYPE_WORDS: Record<string, string> = {
  string: "must be a string",
  number: "must be a number",
  boolean: "must be true or false",
  object: "must be an object",
  strict_object: "must be an object",
  loose_object: "must be an object",
  record: "must be an object",
  array: "must be a list",
  union: "does not match any of the allowed forms",
  variant: "does not match any of the allowed forms",
};

const FORMAT_WORDS: Record<string, string> = {
  integer: "must be a whole number",
  url: "must be a URL",
  email: "must be an email address",
  iso_timestamp: "must be an ISO 8601 timestamp",
  regex: "is not in the expected format",
};

/**
 * An issue in plain words ("must be a string", "is required", "must be at most 200
 * characters"). A message a schema spelled out itself is kept; valibot's own defaults (which
 * begin "Invalid" and quote the value received) are rewritten, so no value is ever echoed back.
 */
export function plainWords(issue: Issue): string {
  if (!issue.message.startsWith("Invalid ")) return issue.message;
  const type = issue.type ?? "";
  if (issue.kind === "schema") {
    if (issue.input === undefined) return "is required";
    if (type === "strict_object" && issue.expected === "never") return "is not a known field";
    if (type === "picklist" || type === "literal" || (type === "variant" && isChoice(issue))) {
      return `must be ${oneOf(issue.expected ?? "")}`;
    }
    return TYPE_WORDS[type] ?? "has the wrong type";
  }
  const n = issue.requirement;
  const items = Array.isArray(issue.input) ? "items" : "characters";
  switch (type) {
    case "min_length":
      return n === 1 && items === "characters"
        ? "must not be empty"
        : `must have at least ${n} ${items}`;
    case "max_length":
      return items === "items" ? `must have at most ${n} items` : `must be at most ${n} characters`;
    case "min_value":
      return `must be at least ${n}`;
    case "max_value":
      return `must be at most ${n}`;
    case "max_entries":
      return `must have at most ${n} entries`;
    default:
      return FORMAT_WORDS[type] ?? "is not valid";
  }
}

/** A discriminant's value (`"http" | "mcp"`), as opposed to an object matching no option. */
const isChoice = (issue: Issue) => /^\(?"/.test(issue.expected ?? "");

/** `("a" | "b")` → `one of "a", "b"`; a single `"a"` stays itself. */
function oneOf(expected: string): string {
  const options = expected.replace(/^\(|\)$/g, "").split(" | ");
  return options.length > 1 ? `one of ${options.join(", ")}` : (options[0] ?? "something else");
}
