import { useState } from "preact/hooks";
import type { AgentCreate, AgentTemplate } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { Field } from "../../components/field";
import { asApiError, ErrorNotice, Loaded, useLoad } from "../../components/loaded";
import { useSession } from "../../shell/session";
import { useCreateAgent } from "./create-agent";
import { DraftWithAi } from "./draft-with-ai";

const BLANK = "";

function TemplateChoice(props: {
  templates: readonly AgentTemplate[];
  chosen: string;
  onChoose: (id: string) => void;
  error: string | undefined;
}) {
  const options = [
    ...props.templates.map((t) => ({
      id: t.id,
      name: t.name,
      about: t.description,
      tools: t.suggestedTools.map((tool) => tool.name),
    })),
    { id: BLANK, name: "Blank agent", about: "Every setting at its default.", tools: [] },
  ];
  return (
    <fieldset class={props.error ? "field field-invalid" : "field"}>
      <legend>Start from</legend>
      <div class="template-grid">
        {options.map((option) => (
          <label key={option.id} class="template-card">
            <input
              type="radio"
              name="template"
              value={option.id}
              checked={props.chosen === option.id}
              onChange={() => props.onChoose(option.id)}
            />
            <span class="template-name">{option.name}</span>
            <span class="template-about">{option.about}</span>
            {option.tools.length > 0 && (
              <span class="template-tools">Suggested tools: {option.tools.join(", ")}</span>
            )}
          </label>
        ))}
      </div>
      {props.error && <p class="field-error">{props.error}</p>}
    </fieldset>
  );
}

function FromTemplate(props: { templates: readonly AgentTemplate[] }) {
  const create = useCreateAgent();
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState(props.templates[0]?.id ?? BLANK);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // The API names the template it does not know, if the list moved on.
      const template = chosen as AgentCreate["template"];
      await create({ name, ...(chosen !== BLANK && { template }) });
    } catch (caught) {
      setError(asApiError(caught));
      setBusy(false);
    }
  };
  const unplaced =
    error && !error.issueFor("body.name") && !error.issueFor("body.template") ? error : null;
  return (
    <form
      class="form form-wide"
      onSubmit={submit}
      noValidate
      aria-labelledby="from-template-heading"
    >
      <h2 id="from-template-heading">From a template</h2>
      {unplaced && <ErrorNotice error={unplaced} />}
      <Field label="Name" hint="e.g. “Front desk”." error={error?.issueFor("body.name")}>
        {(control) => (
          <input
            {...control}
            name="name"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        )}
      </Field>
      <TemplateChoice
        templates={props.templates}
        chosen={chosen}
        onChoose={setChosen}
        error={error?.issueFor("body.template")}
      />
      <button type="submit" class="button button-primary" disabled={busy}>
        {busy ? "Creating…" : "Create agent"}
      </button>
    </form>
  );
}

/** A new agent: from a template (or blank), or drafted from a description of the business. */
export function NewAgent() {
  const { api } = useSession();
  const templates = useLoad(() => api.call("GET /v1/agent-templates"), []);
  return (
    <>
      <Loaded result={templates} what="templates">
        {(list) => <FromTemplate templates={list.data} />}
      </Loaded>
      <DraftWithAi />
    </>
  );
}
