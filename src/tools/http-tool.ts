import { ToolFailure } from "../calls/tool-port";
import type { HttpToolConfig } from "../domain/agent-tools";
import { EgressRefused } from "../net/egress-guard";
import type { Fetch } from "../net/guarded-fetch";
import { fillVariables } from "../prompts/variables";
import { readTextUpTo, trimOutput } from "./tool-output";

export interface HttpToolRun {
  /** The call's variables, for `{{name}}` in the URL and header values. */
  variables: Record<string, string>;
  /** The credential's header, if the tool names one. */
  auth: Record<string, string>;
  /** The guarded fetch: every URL (and redirect) checked against the egress policy. */
  fetch: Fetch;
  signal: AbortSignal;
}

const WITH_BODY = new Set(["POST", "PUT", "PATCH"]);
/** Of an error answer, this much of its body reaches the model: enough to say what was wrong. */
const ERROR_BODY_CHARS = 300;

/**
 * One HTTP tool call: the request built from the tool's config and the model's arguments, sent
 * through the egress guard, and the response's text (cut to the tool's limit) as the output.
 * A non-2xx answer, a refused address or a lost connection is a ToolFailure.
 */
export async function runHttpTool(
  tool: HttpToolConfig,
  args: Record<string, unknown>,
  run: HttpToolRun,
): Promise<string> {
  const { url, rest } = requestUrl(tool.url, run.variables, args);
  const headers: Record<string, string> = {
    accept: "application/json, text/plain;q=0.9, */*;q=0.5",
  };
  for (const [name, value] of Object.entries(tool.headers))
    headers[name.toLowerCase()] = fillVariables(value, run.variables).replace(/[\r\n]/g, " ");
  Object.assign(headers, run.auth);
  let body: string | undefined;
  if (WITH_BODY.has(tool.method)) {
    body = JSON.stringify(rest);
    headers["content-type"] ??= "application/json";
  } else {
    for (const [name, value] of Object.entries(rest))
      url.searchParams.append(name, typeof value === "string" ? value : JSON.stringify(value));
  }
  let response: Response;
  try {
    response = await run.fetch(url.href, {
      method: tool.method,
      headers,
      ...(body !== undefined && { body }),
      signal: run.signal,
    });
  } catch (error) {
    if (run.signal.aborted) throw error;
    if (error instanceof EgressRefused) throw new ToolFailure("egress_refused", error.message);
    throw new ToolFailure("network", `could not reach ${url.host}`);
  }
  if (!response.ok) {
    const { text, cut } = await readTextUpTo(response, ERROR_BODY_CHARS).catch(() => ({
      text: "",
      cut: false,
    }));
    const said = text.trim() ? `: ${trimOutput(text, ERROR_BODY_CHARS, cut)}` : "";
    throw new ToolFailure("http_status", `the service answered HTTP ${response.status}${said}`);
  }
  const { text, cut } = await readTextUpTo(response, tool.maxOutputChars);
  if (!text.trim()) return `done (HTTP ${response.status}, no content)`;
  return trimOutput(text, tool.maxOutputChars, cut);
}

/**
 * The URL with `{{variable}}` and `{argument}` filled in, each value percent-encoded so it
 * stays inside its part of the URL; the arguments not used in it are returned for the body or
 * query. Whatever the values, the URL keeps the origin its template names.
 */
export function requestUrl(
  template: string,
  variables: Record<string, string>,
  args: Record<string, unknown>,
): { url: URL; rest: Record<string, unknown> } {
  const rest = { ...args };
  const filled = template
    .replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, name: string) =>
      encodeURIComponent(variables[name] ?? ""),
    )
    .replace(/\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g, (_, name: string) => {
      const value = args[name];
      if (value === undefined || value === null)
        throw new ToolFailure("bad_arguments", `${name} is required`);
      const text = typeof value === "string" ? value : JSON.stringify(value);
      // A value of "." or ".." would walk the path up instead of naming something.
      if (text === "." || text === "..")
        throw new ToolFailure("bad_arguments", `${name} is not a valid value`);
      delete rest[name];
      return encodeURIComponent(text);
    });
  const url = URL.parse(filled);
  const expected = URL.parse(template.replace(/\{\{?[^{}]*\}?\}/g, "x"));
  if (!url || !expected || url.origin !== expected.origin)
    throw new ToolFailure("configuration", "the tool's URL is not valid once filled in");
  return { url, rest };
}
