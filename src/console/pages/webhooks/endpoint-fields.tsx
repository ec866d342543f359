import type { ApiError } from "../../api/client";
import { Field } from "../../components/field";
import { EVENT_TYPE_LABELS, EVENT_TYPES, type EventType } from "./event-types";

/** What the endpoint form edits; no event type ticked means every event. */
export interface EndpointDraft {
  url: string;
  description: string;
  eventTypes: EventType[];
  enabled: boolean;
}

export const EMPTY_DRAFT: EndpointDraft = {
  url: "",
  description: "",
  eventTypes: [],
  enabled: true,
};

function EventTypeChoices(props: {
  chosen: readonly EventType[];
  error: string | undefined;
  onChange: (types: EventType[]) => void;
}) {
  const toggle = (type: EventType, on: boolean) =>
    props.onChange(EVENT_TYPES.filter((t) => (t === type ? on : props.chosen.includes(t))));
  return (
    <fieldset
      class={props.error ? "field event-types field-invalid" : "field event-types"}
      aria-describedby="event-types-hint"
    >
      <legend>Events</legend>
      <p class="hint" id="event-types-hint">
        None ticked: every event, including kinds added later.
      </p>
      {props.error && (
        <p class="field-error" role="alert">
          {props.error}
        </p>
      )}
      <ul>
        {EVENT_TYPES.map((type) => (
          <li key={type}>
            <label>
              <input
                type="checkbox"
                name="eventTypes"
                value={type}
                checked={props.chosen.includes(type)}
                onChange={(event) => toggle(type, event.currentTarget.checked)}
              />{" "}
              <code>{type}</code> <span class="muted">{EVENT_TYPE_LABELS[type]}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** The endpoint's URL, description, events and whether it receives them. */
export function EndpointFields(props: {
  draft: EndpointDraft;
  error: ApiError | null;
  onChange: (draft: EndpointDraft) => void;
}) {
  const { draft, error } = props;
  const set = (patch: Partial<EndpointDraft>) => props.onChange({ ...draft, ...patch });
  return (
    <>
      <Field
        label="URL"
        hint="Where the events are POSTed, signed as Standard Webhooks. It must reach a public address."
        error={error?.issueFor("body.url")}
      >
        {(control) => (
          <input
            {...control}
            type="url"
            name="url"
            inputMode="url"
            autoComplete="off"
            value={draft.url}
            onInput={(e) => set({ url: e.currentTarget.value })}
          />
        )}
      </Field>
      <Field
        label="Description (optional)"
        hint="Says what receives them, e.g. “CRM”."
        error={error?.issueFor("body.description")}
      >
        {(control) => (
          <input
            {...control}
            name="description"
            value={draft.description}
            onInput={(e) => set({ description: e.currentTarget.value })}
          />
        )}
      </Field>
      <EventTypeChoices
        chosen={draft.eventTypes}
        error={error?.issueFor("body.eventTypes")}
        onChange={(eventTypes) => set({ eventTypes })}
      />
      <div class="field">
        <label class="checkbox-label">
          <input
            type="checkbox"
            name="enabled"
            checked={draft.enabled}
            onChange={(e) => set({ enabled: e.currentTarget.checked })}
          />{" "}
          Enabled: send it events
        </label>
      </div>
    </>
  );
}

/** The draft as the API takes it: an empty list of types is sent as "every event" (null). */
export function endpointBody(draft: EndpointDraft) {
  return {
    url: draft.url,
    description: draft.description,
    eventTypes: draft.eventTypes.length === 0 ? null : draft.eventTypes,
    enabled: draft.enabled,
  };
}
