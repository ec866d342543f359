import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";

/** What a field's control must carry so its label, hint and error are read with it. */
export interface ControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

/**
 * A labelled form control with an optional hint and, beside it, the API's message about this
 * field when the last submit was refused (e.g. "must not be empty").
 */
export function Field(props: {
  label: string;
  hint?: ComponentChildren;
  /** The API's message for this field, from `ApiError.issueFor("body.<name>")`. */
  error?: string | undefined;
  children: (control: ControlProps) => ComponentChildren;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint ? hintId : "", props.error ? errorId : ""].filter(Boolean);
  return (
    <div class={props.error ? "field field-invalid" : "field"}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      <div class="field-row">
        {props.children({
          id,
          ...(describedBy.length > 0 && { "aria-describedby": describedBy.join(" ") }),
          ...(props.error && { "aria-invalid": true as const }),
        })}
        {props.error && (
          <p class="field-error" id={errorId}>
            {props.error}
          </p>
        )}
      </div>
    </div>
  );
}
