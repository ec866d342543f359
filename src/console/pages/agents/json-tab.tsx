import { useId, useState } from "preact/hooks";
import type { AgentConfig } from "../../api/api-types.gen";
import { IssueSummary } from "./agent-form";

const isObject = (value: unknown) =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * The draft as JSON, editable: what parses becomes the draft being edited (the form shows it
 * too); Save sends it whole, and the API's messages name the fields by their JSON paths.
 */
export function JsonTab(props: {
  config: AgentConfig;
  onConfig: (config: AgentConfig) => void;
  onParses: (parses: boolean) => void;
}) {
  const id = useId();
  const [text, setText] = useState(() => JSON.stringify(props.config, null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  const onInput = (typed: string) => {
    setText(typed);
    let parsed: unknown;
    try {
      parsed = JSON.parse(typed);
    } catch (error) {
      setProblem(`This is not JSON yet: ${(error as Error).message}`);
      props.onParses(false);
      return;
    }
    if (!isObject(parsed)) {
      setProblem("The draft must be one JSON object.");
      props.onParses(false);
      return;
    }
    setProblem(null);
    props.onParses(true);
    props.onConfig(parsed as AgentConfig);
  };
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>The draft as JSON</h3>
      <IssueSummary title="The draft was not saved. The API said:" />
      <div class={problem ? "field field-invalid" : "field"}>
        <label for={id}>Draft config (AgentConfig)</label>
        <p class="hint" id={`${id}-hint`}>
          Every field, defaults included. Edits here and in the form are the same unsaved draft.
        </p>
        <textarea
          id={id}
          class="mono json-editor"
          rows={28}
          spellcheck={false}
          value={text}
          aria-describedby={problem ? `${id}-hint ${id}-error` : `${id}-hint`}
          aria-invalid={problem ? true : undefined}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
        {problem && (
          <p class="field-error" id={`${id}-error`}>
            {problem}
          </p>
        )}
      </div>
    </section>
  );
}
