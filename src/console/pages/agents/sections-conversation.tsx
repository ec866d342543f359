import { useConfigEditor } from "./config-editor";
import {
  CheckboxField,
  LinesField,
  NumberField,
  Section,
  SelectField,
  TextField,
} from "./config-fields";

/** What the agent is told and says: instructions, persona, greeting, the business, outbound. */
export function ConversationSections() {
  const { config } = useConfigEditor();
  return (
    <>
      <Section title="Instructions and persona" path="persona">
        <TextField
          path="instructions"
          label="Instructions"
          hint="What the agent does on a call, in your words. {{variables}} are filled in."
          multiline
          rows={8}
        />
        <div class="field-grid">
          <TextField path="persona.name" label="Persona name" />
          <TextField path="persona.role" label="Role" />
          <TextField path="persona.company" label="Company" />
        </div>
        <TextField path="persona.personality" label="Personality" multiline rows={2} />
      </Section>
      <Section title="Greeting" path="greeting">
        <SelectField
          path="greeting.mode"
          label="How the call opens"
          options={[
            { value: "generated", label: "The model greets the caller" },
            { value: "fixed", label: "Say the text below" },
            { value: "none", label: "Wait for the caller to speak" },
          ]}
        />
        {config.greeting?.mode === "fixed" && (
          <TextField
            path="greeting.text"
            label="Greeting text"
            hint="Said exactly; {{variables}} are filled in."
            multiline
            rows={2}
          />
        )}
        <CheckboxField
          path="greeting.muteCaller"
          label="Ignore the caller's audio while the greeting plays"
        />
      </Section>
      <Section
        title="Business and rules"
        path="business"
        intro="Facts the agent may tell callers, and rules it always keeps."
      >
        <TextField path="business.description" label="About the business" multiline rows={3} />
        <LinesField path="business.services" label="Services" hint="One per line." />
        <div class="field-grid">
          <TextField path="business.hours" label="Opening hours" />
          <TextField path="business.address" label="Address" />
          <TextField path="business.phone" label="Phone" />
          <TextField path="business.website" label="Website" />
          <TextField
            path="business.timeZone"
            label="Time zone"
            hint="An IANA zone such as Europe/London: the agent is told the local time."
          />
        </div>
        <TextField
          path="business.facts"
          label="Other facts"
          hint="Prices, policies, parking…"
          multiline
          rows={3}
        />
        <LinesField path="rules" label="Rules" hint="One per line, e.g. “Never quote prices.”" />
      </Section>
      <Section
        title="Calls the agent places"
        path="outbound"
        intro="Used instead of the greeting and instructions above on outbound calls."
      >
        <TextField path="outbound.greeting" label="Outbound greeting" multiline rows={2} />
        <TextField path="outbound.instructions" label="Outbound instructions" multiline rows={4} />
      </Section>
      <Section title="Silence and limits" path="silence">
        <div class="field-grid">
          <NumberField
            path="silence.timeoutSeconds"
            label="Silence before a prompt (s)"
            hint="3 to 120."
          />
          <NumberField
            path="silence.maxRetries"
            label="Prompts before hanging up"
            hint="0 to 10."
          />
          <NumberField
            path="maxCallDurationSeconds"
            label="Longest call (s)"
            hint="10 to 14,400."
          />
        </div>
        <TextField path="silence.promptText" label="Prompt after silence" />
        <TextField path="silence.goodbyeText" label="Goodbye after silence" />
        <TextField
          path="shutdownGoodbyeText"
          label="Goodbye when the gateway restarts"
          hint="Empty: a short apology in the call's language."
        />
      </Section>
    </>
  );
}
