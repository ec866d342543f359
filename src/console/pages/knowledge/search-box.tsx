import { useState } from "preact/hooks";
import type { KnowledgeSearchResult } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { Field } from "../../components/field";
import { asApiError, ErrorNotice } from "../../components/loaded";
import { useSession } from "../../shell/session";

type Method = KnowledgeSearchResult["method"];

const METHODS: Record<Method, string> = {
  hybrid: "Words and meaning (as calls search)",
  fulltext: "Words only",
  vector: "Meaning only",
};

/** Searches the collection as an agent's lookup would, showing each passage with its score. */
export function SearchBox(props: { collectionId: string }) {
  const { api } = useSession();
  const [query, setQuery] = useState("");
  const [method, setMethod] = useState<Method>("hybrid");
  const [result, setResult] = useState<{ query: string; found: KnowledgeSearchResult } | null>(
    null,
  );
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const found = await api.call("GET /v1/knowledge/collections/{collectionId}/search", {
        path: { collectionId: props.collectionId },
        query: { q: query, method, k: "5" },
      });
      setResult({ query, found });
    } catch (caught) {
      setError(asApiError(caught));
      setResult(null);
    } finally {
      setBusy(false);
    }
  };
  const unplaced =
    error && !error.issues.some((i) => i.field === "query.q" || i.field === "query.method");
  return (
    <section class="form" aria-labelledby="search-heading">
      <h2 id="search-heading">Search</h2>
      <form onSubmit={submit} noValidate aria-label="Search this collection">
        {unplaced && <ErrorNotice error={error} title="The search did not run." />}
        <Field
          label="Question"
          hint="Only documents that are ready are searched."
          error={error?.issueFor("query.q")}
        >
          {(control) => (
            <input
              {...control}
              type="search"
              name="q"
              value={query}
              onInput={(e) => setQuery(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="Match by" error={error?.issueFor("query.method")}>
          {(control) => (
            <select
              {...control}
              name="method"
              value={method}
              onChange={(e) => setMethod(e.currentTarget.value as Method)}
            >
              {Object.entries(METHODS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div class="actions">
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? "Searching…" : "Search"}
          </button>
        </div>
      </form>
      <div role="status">
        {result && (
          <p>
            {result.found.data.length === 0
              ? `No passages match “${result.query}”.`
              : `${result.found.data.length} passages for “${result.query}”, best first.`}
          </p>
        )}
      </div>
      {result && result.found.data.length > 0 && (
        <ol class="passages">
          {result.found.data.map((passage, i) => (
            <li key={String(i)} class="passage">
              <p class="passage-head">
                <strong>{passage.documentTitle}</strong>
                {passage.heading && <span class="muted"> · {passage.heading}</span>}
                <span class="passage-score">score {passage.score.toFixed(4)}</span>
              </p>
              <p class="passage-text">{passage.text}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
