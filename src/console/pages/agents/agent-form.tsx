import { Field } from "../../components/field";
import { useConfigEditor } from "./config-editor";
import { ConversationSections } from "./sections-conversation";
import { KnowledgeSections } from "./sections-knowledge";
import { SpeechSections } from "./sections-speech";
import { ToolsSection, TransferSection } from "./sections-tools";

export interface AgentFields {
  name: string;
  description: string;
}

/** Everything the API said in words, in one list, for the fields it named and those it did not. */
export function IssueSummary(props: { title: string }) {
  const { issues } = useConfigEditor();
  if (issues.all.length === 0) return null;
  return (
    <div class="notice notice-error" role="alert">
      <p>
        <strong>{props.title}</strong>
      </p>
      <ul class="issue-list">
        {issues.all.map((issue, i) => (
          <li key={String(i)}>
            {issue.field && <code>{issue.field}</code>} {issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The agent's name and description, then a section for every part of its config. */
export function AgentForm(props: { fields: AgentFields; onFields: (fields: AgentFields) => void }) {
  const { issues } = useConfigEditor();
  const { fields, onFields } = props;
  return (
    <div class="agent-form">
      <IssueSummary title="The draft was not saved. The API said:" />
      <fieldset class="config-section">
        <legend>Agent</legend>
        <Field label="Name" error={issues.at("name")}>
          {(control) => (
            <input
              {...control}
              name="name"
              value={fields.name}
              onInput={(e) => onFields({ ...fields, name: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field
          label="Description"
          hint="For your team; callers never hear it."
          error={issues.at("description")}
        >
          {(control) => (
            <textarea
              {...control}
              name="description"
              rows={2}
              value={fields.description}
              onInput={(e) => onFields({ ...fields, description: e.currentTarget.value })}
            />
          )}
        </Field>
      </fieldset>
      <ConversationSections />
      <SpeechSections />
      <ToolsSection />
      <TransferSection />
      <KnowledgeSections />
    </div>
  );
}
