import { useId, useState } from "preact/hooks";
import type { AgentToolList, ToolTestResult } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { Field } from "../../components/field";
import { formatMs } from "../../components/format";
import { asApiError, ErrorNotice } from "../../components/loaded";
import { Link } from "../../shell/link";
import { pageHref } from "../../shell/router";
import { useSession } from "../../shell/session";
import { sampleArguments } from "./sample-arguments";

export type AgentTool = AgentToolList["data"][number];

const KIND_WORDS: Record<AgentTool["kind"], string> = {
  http: "HTTP",
  mcp: "MCP",
  builtin: "built-in",
};

/** The JSON typed in as an object, or why it is not one. */
function parseArguments(text: string): { value: Record<string, unknown> } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === "" ? "{}" : text);
  } catch (error) {
    return { problem: `is not valid JSON (${(error as Error).message})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { problem: "must be a JSON object, e.g. {}" };
  return { value: value as Record<string, unknown> };
}

function Outcome(props: { result: ToolTestResult }) {
  const { result } = props;
  return (
    <div
      class={
        result.status === "ok"
          ? "notice notice-ok tool-outcome"
          : "notice notice-error tool-outcome"
      }
      role="status"
    >
      <p>
        <strong>
          {result.status === "ok"
            ? "It worked"
            : result.status === "timeout"
              ? "It timed out"
              : "It failed"}
        </strong>{" "}
        in {formatMs(result.durationMs)}. What the model would be given:
      </p>
      <pre class="tool-output">{result.output ?? result.error ?? ""}</pre>
    </div>
  );
}

/** Runs the tool with the arguments typed in, through the tool-test route. */
function TryTool(props: { agentId: string; version: "draft" | number; tool: AgentTool }) {
  const { api } = useSession();
  const [text, setText] = useState(() =>
    JSON.stringify(sampleArguments(props.tool.parameters), null, 2),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<ToolTestResult | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setResult(null);
    const parsed = parseArguments(text);
    if ("problem" in parsed) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      setResult(
        await api.call("POST /v1/agents/{agentId}/tools/{name}/test", {
          path: { agentId: props.agentId, name: props.tool.name },
          body: { arguments: parsed.value, version: props.version },
        }),
      );
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  const argumentsError = problem ?? error?.issueFor("body.arguments");
  return (
    <form class="try-tool" onSubmit={run} noValidate aria-label={`Run ${props.tool.name}`}>
      {error && !error.issueFor("body.arguments") && (
        <ErrorNotice error={error} title="The tool did not run." />
      )}
      <Field label={`Arguments for ${props.tool.name} (JSON)`} error={argumentsError}>
        {(control) => (
          <textarea
            {...control}
            class="mono"
            rows={Math.min(12, text.split("\n").length + 1)}
            spellcheck={false}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        )}
      </Field>
      <div class="actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? "Running…" : "Run"}
          <span class="visually-hidden"> {props.tool.name}</span>
        </button>
      </div>
      {result && <Outcome result={result} />}
    </form>
  );
}

/** One tool the agent declares: what the model is told about it, and a way to run it. */
export function ToolCard(props: { agentId: string; version: "draft" | number; tool: AgentTool }) {
  const { tool } = props;
  const headingId = useId();
  return (
    <section class="tool-card" aria-labelledby={headingId}>
      <h2 id={headingId} class="tool-name">
        <span class="mono">{tool.name}</span> <span class="badge">{KIND_WORDS[tool.kind]}</span>
        {tool.server && <span class="muted tool-server"> from {tool.server}</span>}
      </h2>
      <p>{tool.description}</p>
      <details>
        <summary>Its arguments, as the model is told (JSON Schema)</summary>
        <pre class="tool-output">{JSON.stringify(tool.parameters, null, 2)}</pre>
      </details>
      {tool.kind === "builtin" ? (
        <p class="muted">
          Built-in tools act on a live call:{" "}
          <Link href={pageHref("agents", props.agentId, "test-call")}>try it in a test call</Link>.
        </p>
      ) : (
        <TryTool agentId={props.agentId} version={props.version} tool={tool} />
      )}
    </section>
  );
}
