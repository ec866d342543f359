import { useConfigEditor } from "./config-editor";
import {
  CheckboxField,
  JsonField,
  LinesField,
  NumberField,
  Section,
  SelectField,
  TextField,
} from "./config-fields";

/** What the agent knows and keeps: knowledge, call variables, the analysis after each call. */
export function KnowledgeSections() {
  const { config } = useConfigEditor();
  const provider = config.knowledge?.provider ?? "none";
  return (
    <>
      <Section
        title="Knowledge"
        path="knowledge"
        intro="Passages from the tenant's collections (and an external source) searched on each caller turn."
      >
        <LinesField
          path="knowledge.collections"
          label="Collections"
          hint="One kbc_… id per line; none: all of the tenant's collections."
        />
        <div class="field-grid">
          <SelectField
            path="knowledge.provider"
            label="External source"
            options={[
              { value: "none", label: "None" },
              { value: "rag", label: "A retrieve endpoint (rag)" },
              { value: "dify", label: "A Dify app" },
            ]}
          />
          {provider === "rag" && <TextField path="knowledge.url" label="Retrieve URL" />}
          {provider !== "none" && (
            <TextField
              path="knowledge.credential"
              label="Credential"
              hint={provider === "dify" ? "A dify credential (required)." : "Optional."}
            />
          )}
          <NumberField
            path="knowledge.turnBudgetMs"
            label="Wait per turn (ms)"
            hint="0 to 2,000; 0 turns the per-turn search off (required on Gemini)."
          />
          <NumberField
            path="knowledge.timeoutMs"
            label="Search timeout (ms)"
            hint="200 to 10,000."
          />
          <NumberField path="knowledge.topK" label="Passages used" hint="1 to 20." />
        </div>
      </Section>
      <Section title="Variables" path="variables">
        <JsonField
          path="variables"
          label="Default values"
          hint='For {{names}} in the greeting and instructions, e.g. {"company":"Harbour Dental"}. A call’s own variables win.'
          rows={3}
        />
      </Section>
      <Section title="Analysis after each call" path="analysis">
        <CheckboxField path="analysis.enabled" label="Analyse each call once it ended" />
        <LinesField
          path="analysis.outcomes"
          label="Outcomes"
          hint="One label per line (lowercase letters, digits, _)."
        />
        <TextField
          path="analysis.instructions"
          label="Analysis instructions"
          hint="e.g. what each outcome means."
          multiline
          rows={3}
        />
        <JsonField
          path="analysis.fields"
          label="Fields to extract (JSON Schema)"
          hint='An object schema, e.g. {"type":"object","properties":{"email":{"type":"string"}}}.'
        />
      </Section>
    </>
  );
}
