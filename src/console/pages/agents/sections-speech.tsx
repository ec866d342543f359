import { useId } from "preact/hooks";
import { Field } from "../../components/field";
import { ACCENTS, GEMINI_VOICES, LANGUAGE_NAMES, LANGUAGES, OPENAI_VOICES } from "./choices";
import { useConfigEditor } from "./config-editor";
import { CheckboxField, NumberField, Section, SelectField, TextField } from "./config-fields";

const LANGUAGE_OPTIONS = LANGUAGES.map((code) => ({
  value: code,
  label: `${LANGUAGE_NAMES[code]} (${code})`,
}));

/** The languages an auto-language agent may follow the caller into, as checkboxes. */
function AllowedLanguages() {
  const { config, set, issues } = useConfigEditor();
  const id = useId();
  const allowed = config.language?.allowed ?? [];
  const error = issues.under("language.allowed");
  return (
    <fieldset class={error ? "field checks field-invalid" : "field checks"}>
      <legend>Languages it may switch to</legend>
      <p class="hint" id={`${id}-hint`}>
        None ticked: any language the caller speaks.
      </p>
      <div class="check-grid">
        {LANGUAGES.map((code) => (
          <label key={code} class="check">
            <input
              type="checkbox"
              checked={allowed.includes(code)}
              aria-describedby={`${id}-hint`}
              onChange={(e) =>
                set(
                  "language.allowed",
                  e.currentTarget.checked
                    ? [...allowed, code]
                    : allowed.filter((other) => other !== code),
                )
              }
            />
            {LANGUAGE_NAMES[code]}
          </label>
        ))}
      </div>
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}

function TurnDetectionFields() {
  const { config, set, issues } = useConfigEditor();
  const type = config.turnDetection?.type ?? "server_vad";
  return (
    <Section title="Turn-taking" path="turnDetection">
      <Field
        label="How the agent knows the caller finished"
        error={issues.at("turnDetection.type")}
      >
        {(control) => (
          <select
            {...control}
            name="turnDetection.type"
            value={type}
            onChange={(e) =>
              // The other kind's settings are dropped: the API would refuse them.
              set("turnDetection", {
                type: e.currentTarget.value,
                interruptResponse: config.turnDetection?.interruptResponse ?? true,
              })
            }
          >
            <option value="server_vad">A pause in speech (server_vad)</option>
            <option value="semantic_vad">What was said sounds finished (semantic_vad)</option>
          </select>
        )}
      </Field>
      {type === "server_vad" ? (
        <div class="field-grid">
          <NumberField path="turnDetection.threshold" label="Speech threshold" hint="0 to 1." />
          <NumberField
            path="turnDetection.prefixPaddingMs"
            label="Audio kept before speech (ms)"
            hint="0 to 2,000."
          />
          <NumberField
            path="turnDetection.silenceDurationMs"
            label="Pause that ends a turn (ms)"
            hint="100 to 5,000."
          />
          <NumberField
            path="turnDetection.idleTimeoutMs"
            label="Idle timeout (ms)"
            hint="5,000 to 60,000; empty for none. Not on Gemini."
          />
        </div>
      ) : (
        <SelectField
          path="turnDetection.eagerness"
          label="Eagerness"
          options={["auto", "low", "medium", "high"]}
        />
      )}
      <CheckboxField
        path="turnDetection.interruptResponse"
        label="The caller can interrupt the agent"
      />
    </Section>
  );
}

/** How the agent sounds and hears: language, voice, model, turn-taking, recording. */
export function SpeechSections() {
  const { config } = useConfigEditor();
  const provider = config.model?.provider ?? "openai";
  return (
    <>
      <Section title="Language" path="language">
        <div class="field-grid">
          <SelectField
            path="language.mode"
            label="Language"
            options={[
              { value: "fixed", label: "Always the main language" },
              { value: "auto", label: "Follow the caller" },
            ]}
          />
          <SelectField path="language.primary" label="Main language" options={LANGUAGE_OPTIONS} />
          <SelectField
            path="language.accent"
            label="Accent"
            unset="None in particular"
            options={ACCENTS}
            hint="It must belong to the main language."
          />
        </div>
        {config.language?.mode === "auto" && <AllowedLanguages />}
      </Section>
      <Section title="Voice" path="voice">
        <div class="field-grid">
          <SelectField
            path="voice.name"
            label="Voice"
            unset="The language's default voice"
            options={provider === "gemini" ? GEMINI_VOICES : OPENAI_VOICES}
            hint={provider === "gemini" ? "Gemini Live voices." : "OpenAI Realtime voices."}
          />
          <NumberField
            path="voice.speed"
            label="Speaking speed"
            hint="0.25 to 1.5; 1 is normal. Only 1 on Gemini."
          />
        </div>
      </Section>
      <Section title="Model provider" path="model">
        <div class="field-grid">
          <SelectField
            path="model.provider"
            label="Provider"
            options={[
              { value: "openai", label: "OpenAI Realtime" },
              { value: "gemini", label: "Gemini Live" },
            ]}
          />
          <TextField
            path="model.name"
            label="Model"
            hint="Empty: the provider's default (gpt-realtime; a gemini-… model on Gemini)."
          />
          <TextField path="model.transcriptionModel" label="Transcription model" />
          <SelectField
            path="model.noiseReduction"
            label="Noise reduction"
            unset="Off"
            emptyValue={null}
            options={[
              { value: "near_field", label: "Near field (headset, phone)" },
              { value: "far_field", label: "Far field (speakerphone, room)" },
            ]}
          />
        </div>
      </Section>
      <TurnDetectionFields />
      <Section title="Recording, transcripts and cues" path="recording">
        <CheckboxField
          path="recording.enabled"
          label="Record each call (caller left, agent right)"
        />
        <NumberField
          path="transcripts.confidenceThreshold"
          label="Re-transcribe caller lines below this confidence"
          hint="0 to 1; empty: the gateway's setting."
        />
        <CheckboxField
          path="workingCue.enabled"
          label="Play a soft cue while a tool runs and the agent is silent"
        />
        <SelectField
          path="workingCue.sound"
          label="Cue sound"
          options={[
            { value: "chime", label: "Chime" },
            { value: "tick", label: "Tick" },
          ]}
        />
      </Section>
    </>
  );
}
