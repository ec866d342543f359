import { useState } from "preact/hooks";
import type { Agent, AgentVersion, PromptPreview } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { Field } from "../../components/field";
import { asApiError, ErrorNotice } from "../../components/loaded";
import { useSession } from "../../shell/session";
import { LANGUAGE_NAMES, LANGUAGES } from "./choices";
import { ScrollingText } from "./scrolling-text";

type Language = (typeof LANGUAGES)[number];

interface Options {
  version: string;
  direction: "inbound" | "outbound";
  contactName: string;
  callerLanguage: Language | "";
  variables: string;
}

function toolNames(tools: readonly unknown[]): string[] {
  return tools.map((tool) => {
    const named = tool as { name?: unknown };
    return typeof named.name === "string" ? named.name : "(unnamed)";
  });
}

function PreviewResult(props: { preview: PromptPreview }) {
  const { preview } = props;
  const { session } = preview;
  const tools = toolNames(session.tools);
  return (
    <section class="panel preview" aria-labelledby="preview-result-heading">
      <h3 id="preview-result-heading">
        What the model gets (
        {preview.version === "draft" ? "the draft" : `version ${preview.version}`},{" "}
        {preview.direction})
      </h3>
      <dl class="facts">
        <dt>Model</dt>
        <dd>
          <code>{session.model}</code>
        </dd>
        <dt>Voice</dt>
        <dd>
          {session.voice}
          {session.speed !== undefined && session.speed !== 1 ? ` at ${session.speed}×` : ""}
        </dd>
        <dt>Language</dt>
        <dd>
          starts in {preview.language.start} ({preview.language.mode}
          {preview.language.mode === "auto"
            ? `; may switch to ${preview.language.allowed === "any" ? "any" : preview.language.allowed.join(", ")}`
            : ""}
          )
        </dd>
        <dt>Turn-taking</dt>
        <dd>
          <code>{session.turnDetection.type}</code>
        </dd>
        <dt>Tools</dt>
        <dd>{tools.length === 0 ? "none" : tools.join(", ")}</dd>
      </dl>
      {preview.unfilledVariables.length > 0 && (
        <p class="notice">
          No value for {preview.unfilledVariables.map((name) => `{{${name}}}`).join(", ")}: left out
          of the text.
        </p>
      )}
      <h4>First response</h4>
      {preview.greeting === null ? (
        <p class="muted">None: the caller speaks first.</p>
      ) : (
        <ScrollingText class="prompt-text" label="First response">
          {preview.greeting}
        </ScrollingText>
      )}
      <h4>Instructions</h4>
      <ScrollingText class="prompt-text" label="Instructions">
        {session.instructions}
      </ScrollingText>
    </section>
  );
}

/** What a call's model would be told, built by the API with the same code a call uses. */
export function PreviewTab(props: {
  agent: Agent;
  versions: readonly AgentVersion[];
  unsaved: boolean;
}) {
  const { api } = useSession();
  const [options, setOptions] = useState<Options>({
    version: "draft",
    direction: "inbound",
    contactName: "",
    callerLanguage: "",
    variables: "",
  });
  const [preview, setPreview] = useState<PromptPreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const change = (patch: Partial<Options>) => setOptions({ ...options, ...patch });
  const show = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setPreview(
        await api.call("GET /v1/agents/{agentId}/prompt-preview", {
          path: { agentId: props.agent.id },
          query: {
            version: options.version,
            direction: options.direction,
            contactName: options.contactName.trim() || undefined,
            callerLanguage: options.callerLanguage || undefined,
            variables: options.variables.trim() || undefined,
          },
        }),
      );
    } catch (caught) {
      setPreview(null);
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  const issue = (name: string) => error?.issueFor(`query.${name}`);
  return (
    <>
      <form class="form" onSubmit={show} noValidate aria-labelledby="preview-heading">
        <h3 id="preview-heading">Prompt preview</h3>
        {props.unsaved && (
          <p class="notice">The preview shows the saved draft: your unsaved edits are not in it.</p>
        )}
        {error && error.issues.length === 0 && <ErrorNotice error={error} />}
        <div class="field-grid">
          <Field label="Version" error={issue("version")}>
            {(control) => (
              <select
                {...control}
                name="version"
                value={options.version}
                onChange={(e) => change({ version: e.currentTarget.value })}
              >
                <option value="draft">The draft</option>
                {props.versions.map((v) => (
                  <option key={v.version} value={String(v.version)}>
                    Version {v.version}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Call direction" error={issue("direction")}>
            {(control) => (
              <select
                {...control}
                name="direction"
                value={options.direction}
                onChange={(e) =>
                  change({ direction: e.currentTarget.value as Options["direction"] })
                }
              >
                <option value="inbound">Inbound (the caller rings)</option>
                <option value="outbound">Outbound (the agent calls)</option>
              </select>
            )}
          </Field>
          <Field label="Contact name (optional)" error={issue("contactName")}>
            {(control) => (
              <input
                {...control}
                name="contactName"
                value={options.contactName}
                onInput={(e) => change({ contactName: e.currentTarget.value })}
              />
            )}
          </Field>
          <Field label="Caller's language (optional)" error={issue("callerLanguage")}>
            {(control) => (
              <select
                {...control}
                name="callerLanguage"
                value={options.callerLanguage}
                onChange={(e) => change({ callerLanguage: e.currentTarget.value as Language | "" })}
              >
                <option value="">Not reported</option>
                {LANGUAGES.map((code) => (
                  <option key={code} value={code}>
                    {LANGUAGE_NAMES[code]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field
          label="Call variables (optional)"
          hint='One JSON object, e.g. {"order_id":"A-17"}.'
          error={issue("variables")}
        >
          {(control) => (
            <textarea
              {...control}
              class="mono"
              name="variables"
              rows={2}
              spellcheck={false}
              value={options.variables}
              onInput={(e) => change({ variables: e.currentTarget.value })}
            />
          )}
        </Field>
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? "Building…" : "Show the prompt"}
        </button>
      </form>
      {preview && <PreviewResult preview={preview} />}
    </>
  );
}
