import { useState } from "preact/hooks";
import type { KnowledgeCollection, KnowledgeCollectionCreate } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { DataTable } from "../../components/data-table";
import { Field } from "../../components/field";
import { Flash, setFlash } from "../../components/flash";
import { formatNumber, formatTime } from "../../components/format";
import { asApiError, ErrorNotice, Loaded, useLoad } from "../../components/loaded";
import { Link } from "../../shell/link";
import { navigate, pageHref } from "../../shell/router";
import { useSession, useTenantId } from "../../shell/session";
import { LANGUAGE_NAMES, LANGUAGES } from "../agents/choices";

type Language = NonNullable<KnowledgeCollectionCreate["language"]>;

function NewCollectionForm() {
  const { api } = useSession();
  const tenantId = useTenantId();
  const [name, setName] = useState("");
  const [language, setLanguage] = useState<Language>("en");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.call("POST /v1/knowledge/collections", {
        body: { tenantId, name, language },
      });
      setFlash(`Created collection ${created.name}. Add its documents below.`);
      navigate(pageHref("knowledge", created.id));
    } catch (caught) {
      setError(asApiError(caught));
      setBusy(false);
    }
  };
  const unplaced =
    error && !error.issues.some((i) => i.field === "body.name" || i.field === "body.language");
  return (
    <form class="form form-inline" onSubmit={submit} noValidate aria-labelledby="new-kbc-heading">
      <h2 id="new-kbc-heading">New collection</h2>
      {unplaced && <ErrorNotice error={error} title="The collection was not created." />}
      <Field label="Name" hint="e.g. “Prices and policies”." error={error?.issueFor("body.name")}>
        {(control) => (
          <input
            {...control}
            name="name"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field
        label="Language"
        hint="Of its documents: it decides how words are matched."
        error={error?.issueFor("body.language")}
      >
        {(control) => (
          <select
            {...control}
            name="language"
            value={language}
            onChange={(e) => setLanguage(e.currentTarget.value as Language)}
          >
            {LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {LANGUAGE_NAMES[code]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div class="actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? "Creating…" : "Create collection"}
        </button>
      </div>
    </form>
  );
}

/** /console/knowledge: the tenant's collections, and a new one. */
export function CollectionList() {
  const { api } = useSession();
  const tenantId = useTenantId();
  const collections = useLoad(
    () => api.call("GET /v1/knowledge/collections", { query: { limit: "200", tenantId } }),
    [],
  );
  return (
    <>
      <Flash />
      <p class="lead">
        Documents your agents answer from: an agent searches the collections its Knowledge settings
        name.
      </p>
      <NewCollectionForm />
      <Loaded result={collections} what="collections">
        {(page) => (
          <DataTable<KnowledgeCollection>
            caption="Knowledge collections"
            rows={page.data}
            rowKey={(c) => c.id}
            empty="No collections yet."
            columns={[
              {
                header: "Name",
                cell: (c) => <Link href={pageHref("knowledge", c.id)}>{c.name}</Link>,
              },
              {
                header: "Language",
                cell: (c) => LANGUAGE_NAMES[c.language as Language] ?? c.language,
              },
              { header: "Documents", cell: (c) => formatNumber(c.documentCount), numeric: true },
              { header: "Passages", cell: (c) => formatNumber(c.chunkCount), numeric: true },
              { header: "Embedding", cell: (c) => <span class="mono">{c.embedding.model}</span> },
              { header: "Created", cell: (c) => formatTime(c.createdAt) },
            ]}
          />
        )}
      </Loaded>
    </>
  );
}
