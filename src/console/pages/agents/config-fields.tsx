import type { ComponentChildren } from "preact";
import { useId, useState } from "preact/hooks";
import { Field } from "../../components/field";
import { useConfigEditor } from "./config-editor";
import { getAt } from "./config-paths";

// The form's fields: each edits the draft at one dotted path and shows beside it what the API
// said about that path on the last save.

interface FieldProps {
  path: string;
  label: string;
  hint?: ComponentChildren;
}

const textOf = (value: unknown) =>
  value === undefined || value === null ? "" : typeof value === "string" ? value : String(value);

/** A text box; empty removes the field, so it takes its default. */
export function TextField(props: FieldProps & { multiline?: boolean; rows?: number }) {
  const { config, set, issues } = useConfigEditor();
  const value = textOf(getAt(config, props.path));
  const onInput = (text: string) => set(props.path, text === "" ? undefined : text);
  return (
    <Field label={props.label} hint={props.hint} error={issues.at(props.path)}>
      {(control) =>
        props.multiline ? (
          <textarea
            {...control}
            name={props.path}
            rows={props.rows ?? 4}
            value={value}
            onInput={(e) => onInput(e.currentTarget.value)}
          />
        ) : (
          <input
            {...control}
            name={props.path}
            value={value}
            onInput={(e) => onInput(e.currentTarget.value)}
          />
        )
      }
    </Field>
  );
}

/**
 * A number box. What reads as a number is saved as one; anything else is sent as typed, so the
 * API's own message ("must be a number") says what is wrong.
 */
export function NumberField(props: FieldProps) {
  const { config, set, issues } = useConfigEditor();
  const [text, setText] = useState(() => textOf(getAt(config, props.path)));
  const onInput = (typed: string) => {
    setText(typed);
    const trimmed = typed.trim();
    if (trimmed === "") set(props.path, undefined);
    else set(props.path, /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed);
  };
  return (
    <Field label={props.label} hint={props.hint} error={issues.at(props.path)}>
      {(control) => (
        <input
          {...control}
          name={props.path}
          inputMode="decimal"
          value={text}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

/** A choice among the API's values; `unset` names the option that leaves the field out. */
export function SelectField(
  props: FieldProps & {
    options: readonly (string | { value: string; label: string })[];
    unset?: string;
    /** How to store the empty choice when it is not "leave out" (e.g. null: turned off). */
    emptyValue?: null;
  },
) {
  const { config, set, issues } = useConfigEditor();
  const current = getAt(config, props.path);
  const value = current === null || current === undefined ? "" : String(current);
  const options = props.options.map((option) =>
    typeof option === "string" ? { value: option, label: option } : option,
  );
  // A value the list does not offer (a voice of the other provider) stays shown, for the API to judge.
  if (value !== "" && !options.some((option) => option.value === value)) {
    options.push({ value, label: `${value} (not offered here)` });
  }
  return (
    <Field label={props.label} hint={props.hint} error={issues.at(props.path)}>
      {(control) => (
        <select
          {...control}
          name={props.path}
          value={value}
          onChange={(e) => {
            const chosen = e.currentTarget.value;
            set(props.path, chosen === "" ? props.emptyValue : chosen);
          }}
        >
          {props.unset !== undefined && <option value="">{props.unset}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A checkbox with its label beside it. */
export function CheckboxField(props: FieldProps) {
  const { config, set, issues } = useConfigEditor();
  const id = useId();
  const error = issues.at(props.path);
  return (
    <div class={error ? "field field-check field-invalid" : "field field-check"}>
      <input
        id={id}
        type="checkbox"
        name={props.path}
        checked={getAt(config, props.path) === true}
        onChange={(e) => set(props.path, e.currentTarget.checked)}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? true : undefined}
      />
      <label for={id}>{props.label}</label>
      {props.hint && <p class="hint">{props.hint}</p>}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A list of short texts, one per line; the API's message about any of them shows here. */
export function LinesField(props: FieldProps & { rows?: number }) {
  const { config, set, issues } = useConfigEditor();
  const current = getAt(config, props.path);
  const [text, setText] = useState(() => (Array.isArray(current) ? current.join("\n") : ""));
  return (
    <Field label={props.label} hint={props.hint} error={issues.under(props.path)}>
      {(control) => (
        <textarea
          {...control}
          name={props.path}
          rows={props.rows ?? 3}
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value);
            const lines = e.currentTarget.value
              .split("\n")
              .map((line) => line.trim())
              .filter((line) => line !== "");
            set(props.path, lines);
          }}
        />
      )}
    </Field>
  );
}

/**
 * A JSON value (a tool's argument schema, headers, variables). Text that is not JSON is sent as
 * typed, and the API's message says so; messages about anything inside show here too.
 */
export function JsonField(props: FieldProps & { rows?: number }) {
  const { config, set, issues } = useConfigEditor();
  const [text, setText] = useState(() => {
    const current = getAt(config, props.path);
    return current === undefined ? "" : JSON.stringify(current, null, 2);
  });
  return (
    <Field label={props.label} hint={props.hint} error={issues.under(props.path)}>
      {(control) => (
        <textarea
          {...control}
          class="mono"
          name={props.path}
          rows={props.rows ?? 5}
          spellcheck={false}
          value={text}
          onInput={(e) => {
            const typed = e.currentTarget.value;
            setText(typed);
            if (typed.trim() === "") return set(props.path, undefined);
            try {
              set(props.path, JSON.parse(typed));
            } catch {
              set(props.path, typed);
            }
          }}
        />
      )}
    </Field>
  );
}

/** One config section: a fieldset with its legend, and what the API said about it as a whole. */
export function Section(props: {
  title: string;
  path?: string;
  intro?: ComponentChildren;
  children: ComponentChildren;
}) {
  const { issues } = useConfigEditor();
  const error = props.path === undefined ? undefined : issues.at(props.path);
  return (
    <fieldset class={error ? "config-section field-invalid" : "config-section"}>
      <legend>{props.title}</legend>
      {props.intro && <p class="hint">{props.intro}</p>}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {props.children}
    </fieldset>
  );
}
