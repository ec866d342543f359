import { useState } from "preact/hooks";
import type { AgentDraft } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { Field } from "../../components/field";
import { asApiError, ErrorNotice } from "../../components/loaded";
import { useSession } from "../../shell/session";
import { LANGUAGE_NAMES, LANGUAGES } from "./choices";
import { useCreateAgent } from "./create-agent";
import { ScrollingText } from "./scrolling-text";

type Language = (typeof LANGUAGES)[number];

/** The drafted agent, to read before it is created: where it came from and what was guessed. */
function DraftReview(props: { draft: AgentDraft; onDiscard: () => void }) {
  const create = useCreateAgent();
  const { draft } = props;
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const createIt = async () => {
    setBusy(true);
    try {
      await create({ name: draft.name, description: draft.description, config: draft.config });
    } catch (caught) {
      setError(asApiError(caught));
      setBusy(false);
    }
  };
  return (
    <section class="panel draft-review" aria-labelledby="draft-review-heading">
      <h3 id="draft-review-heading">Drafted: {draft.name}</h3>
      <p class="muted">
        {draft.source === "model"
          ? `Written by ${draft.model ?? "the drafting model"}.`
          : `Filled from the ${draft.template ?? ""} template, offline: the gateway has no drafting model (OPENAI_API_KEY).`}
      </p>
      <p>{draft.description}</p>
      {draft.notes.length > 0 && (
        <>
          <h4>To check</h4>
          <ul>
            {draft.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </>
      )}
      {draft.suggestedTools.length > 0 && (
        <>
          <h4>Tools it would need</h4>
          <ul>
            {draft.suggestedTools.map((tool) => (
              <li key={tool.name}>
                <code>{tool.name}</code>: {tool.description}
              </li>
            ))}
          </ul>
        </>
      )}
      <h4>Instructions</h4>
      <ScrollingText class="prompt-text" label="Drafted instructions">
        {draft.config.instructions}
      </ScrollingText>
      {error && <ErrorNotice error={error} />}
      <div class="actions">
        <button type="button" class="button button-primary" disabled={busy} onClick={createIt}>
          {busy ? "Creating…" : "Create this agent"}
        </button>
        <button type="button" class="button" onClick={props.onDiscard}>
          Discard
        </button>
      </div>
    </section>
  );
}

/** Asks the API to draft an agent from a description of the business. */
export function DraftWithAi() {
  const { api } = useSession();
  const [description, setDescription] = useState("");
  const [language, setLanguage] = useState<Language | "">("");
  const [draft, setDraft] = useState<AgentDraft | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDraft(null);
    try {
      setDraft(
        await api.call("POST /v1/agents/generate", {
          body: { description, ...(language && { language }) },
        }),
      );
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  // A check over the whole request ("give a description…") names no field: it goes beside the box.
  const descriptionIssue =
    error?.issueFor("body.description") ?? (error?.status === 400 ? error.message : undefined);
  return (
    <>
      <form class="form form-wide" onSubmit={submit} noValidate aria-labelledby="ai-draft-heading">
        <h2 id="ai-draft-heading">Draft with AI</h2>
        <p class="hint">
          Describe the business; the gateway drafts instructions, greeting, facts and rules for you
          to review. Nothing is created until you say so.
        </p>
        {error && error.status !== 400 && <ErrorNotice error={error} />}
        <Field
          label="About the business"
          hint="What it does, its hours, what callers usually want."
          error={descriptionIssue}
        >
          {(control) => (
            <textarea
              {...control}
              name="description"
              rows={4}
              value={description}
              onInput={(e) => setDescription(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="Language (optional)" error={error?.issueFor("body.language")}>
          {(control) => (
            <select
              {...control}
              name="language"
              value={language}
              onChange={(e) => setLanguage(e.currentTarget.value as Language | "")}
            >
              <option value="">As the description suggests</option>
              {LANGUAGES.map((code) => (
                <option key={code} value={code}>
                  {LANGUAGE_NAMES[code]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? "Drafting…" : "Draft an agent"}
        </button>
      </form>
      {draft && <DraftReview draft={draft} onDiscard={() => setDraft(null)} />}
    </>
  );
}
