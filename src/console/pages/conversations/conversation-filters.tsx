import { useState } from "preact/hooks";
import type { Agent } from "../../api/api-types.gen";
import { Field } from "../../components/field";
import { CHANNEL_LABELS, END_REASON_LABELS, isChannel, isEndReason } from "./labels";
import type { ConversationFilters } from "./list-filters";
import { NO_FILTERS } from "./list-filters";

/** The outcomes the tenant's agents name in their analysis, for the outcome box to suggest. */
function knownOutcomes(agents: readonly Agent[]): string[] {
  const outcomes = new Set<string>(["no_conversation"]);
  for (const agent of agents) {
    for (const outcome of agent.draft.analysis?.outcomes ?? []) outcomes.add(outcome);
  }
  return [...outcomes].sort();
}

/** The search box and filters above the list; applied together with "Search". */
export function ConversationFiltersForm(props: {
  filters: ConversationFilters;
  agents: readonly Agent[];
  onApply: (filters: ConversationFilters) => void;
}) {
  const [draft, setDraft] = useState(props.filters);
  const set = (patch: Partial<ConversationFilters>) => setDraft({ ...draft, ...patch });
  const anySet = Object.values(props.filters).some((value) => value !== "");
  return (
    <form
      class="form conversation-filters"
      aria-label="Search conversations"
      onSubmit={(event) => {
        event.preventDefault();
        props.onApply(draft);
      }}
    >
      <Field label="Words spoken" hint="Calls whose transcript has every word, in any case.">
        {(control) => (
          <input
            {...control}
            type="search"
            name="q"
            maxLength={200}
            value={draft.q}
            onInput={(e) => set({ q: e.currentTarget.value })}
          />
        )}
      </Field>
      <div class="filter-grid">
        <Field label="Agent">
          {(control) => (
            <select
              {...control}
              value={draft.agentId}
              onChange={(e) => set({ agentId: e.currentTarget.value })}
            >
              <option value="">All agents</option>
              {props.agents.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Channel">
          {(control) => (
            <select
              {...control}
              value={draft.channel}
              onChange={(e) => {
                const value = e.currentTarget.value;
                set({ channel: isChannel(value) ? value : "" });
              }}
            >
              <option value="">All channels</option>
              {Object.entries(CHANNEL_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Ended because">
          {(control) => (
            <select
              {...control}
              value={draft.endReason}
              onChange={(e) => {
                const value = e.currentTarget.value;
                set({ endReason: isEndReason(value) ? value : "" });
              }}
            >
              <option value="">Any reason</option>
              {Object.entries(END_REASON_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Outcome (analysis)">
          {(control) => (
            <>
              <input
                {...control}
                name="outcome"
                list="conversation-outcomes"
                maxLength={100}
                value={draft.outcome}
                onInput={(e) => set({ outcome: e.currentTarget.value })}
              />
              <datalist id="conversation-outcomes">
                {knownOutcomes(props.agents).map((outcome) => (
                  <option key={outcome} value={outcome} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="From">
          {(control) => (
            <input
              {...control}
              type="date"
              value={draft.from}
              onInput={(e) => set({ from: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field label="To (included)">
          {(control) => (
            <input
              {...control}
              type="date"
              value={draft.to}
              onInput={(e) => set({ to: e.currentTarget.value })}
            />
          )}
        </Field>
      </div>
      <div class="actions">
        <button type="submit" class="button button-primary">
          Search
        </button>
        {anySet && (
          <button
            type="button"
            class="button"
            onClick={() => {
              setDraft(NO_FILTERS);
              props.onApply(NO_FILTERS);
            }}
          >
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}
