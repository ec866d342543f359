import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiKey, ApiKeyCreated } from "../api/api-types.gen";
import type { ApiError } from "../api/client";
import { DataTable } from "../components/data-table";
import { Field } from "../components/field";
import { formatTime } from "../components/format";
import { asApiError, ErrorNotice, Loaded, useLoad } from "../components/loaded";
import { useSession, useTenantId } from "../shell/session";
import type { ConsolePage } from "./page";

function keyState(key: ApiKey): "revoked" | "expired" | "active" {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && Date.parse(key.expiresAt) <= Date.now()) return "expired";
  return "active";
}

/** A `datetime-local` value (the browser's time zone) as an ISO time; empty stays undefined. */
function isoOf(local: string): string | undefined {
  if (local.trim() === "") return undefined;
  const at = new Date(local);
  // What cannot be read is sent as typed: the API's message names the field.
  return Number.isNaN(at.getTime()) ? local : at.toISOString();
}

function NewKeyForm(props: { onCreated: (key: ApiKeyCreated) => void }) {
  const { api } = useSession();
  const tenantId = useTenantId();
  const [name, setName] = useState("");
  const [expires, setExpires] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const expiresAt = isoOf(expires);
      const created = await api.call("POST /v1/tenants/{tenantId}/keys", {
        path: { tenantId },
        body: { name, ...(expiresAt && { expiresAt }) },
      });
      setName("");
      setExpires("");
      props.onCreated(created);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  const unplaced = error && error.issues.length === 0;
  return (
    <form class="form form-inline" onSubmit={submit} noValidate aria-labelledby="new-key-heading">
      <h2 id="new-key-heading">New key</h2>
      {unplaced && <ErrorNotice error={error} />}
      <Field
        label="Name"
        hint="Says where the key is used, e.g. “CRM sync”."
        error={error?.issueFor("body.name")}
      >
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
        label="Expires (optional)"
        hint="In your time zone; empty: it does not expire."
        error={error?.issueFor("body.expiresAt")}
      >
        {(control) => (
          <input
            {...control}
            type="datetime-local"
            name="expiresAt"
            value={expires}
            onInput={(e) => setExpires(e.currentTarget.value)}
          />
        )}
      </Field>
      <div class="actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? "Creating…" : "Create key"}
        </button>
      </div>
    </form>
  );
}

/** The new key, shown this once: the API keeps only its hash. */
function CreatedKey(props: { created: ApiKeyCreated; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus(), []);
  return (
    <section
      class="notice notice-ok created-key"
      aria-labelledby="created-key-heading"
      tabIndex={-1}
      ref={panel}
    >
      <h2 id="created-key-heading">Key “{props.created.name}” created</h2>
      <p>
        <strong>Copy it now: it is shown only this once.</strong> The gateway keeps only a hash of
        it and cannot show it again.
      </p>
      <label for="created-key-value">The new API key</label>
      <div class="field-row">
        <input
          id="created-key-value"
          class="mono"
          readOnly
          value={props.created.key}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          class="button"
          onClick={() =>
            navigator.clipboard.writeText(props.created.key).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          Copy
        </button>
      </div>
      <p role="status" class="muted">
        {copied ? "Copied to the clipboard." : ""}
      </p>
      <button type="button" class="button button-primary" onClick={props.onDone}>
        I have saved it
      </button>
    </section>
  );
}

function RevokeButton(props: { apiKey: ApiKey; own: boolean; onRevoked: () => void }) {
  const { api } = useSession();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" class="button button-small" onClick={() => setAsking(true)}>
        Revoke<span class="visually-hidden"> {props.apiKey.name}</span>
      </button>
    );
  }
  const revoke = async () => {
    try {
      await api.call("DELETE /v1/tenants/{tenantId}/keys/{keyId}", {
        path: { tenantId: props.apiKey.tenantId, keyId: props.apiKey.id },
      });
      props.onRevoked();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <span class="confirm">
      <span>
        {props.own ? "This is the key you are signed in with; you will be signed out. " : ""}
        Requests with it will be refused.
      </span>
      <button
        type="button"
        class="button button-danger button-small"
        ref={confirm}
        onClick={revoke}
      >
        Revoke<span class="visually-hidden"> {props.apiKey.name}</span> now
      </button>
      <button type="button" class="button button-small" onClick={() => setAsking(false)}>
        Cancel
      </button>
      {error && <ErrorNotice error={error} />}
    </span>
  );
}

function ApiKeys() {
  const { api, who } = useSession();
  const tenantId = useTenantId();
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const keys = useLoad(
    () =>
      api.call("GET /v1/tenants/{tenantId}/keys", { path: { tenantId }, query: { limit: "200" } }),
    [],
  );
  const ownKeyId = who.kind === "tenant" ? who.keyId : null;
  return (
    <>
      {created ? (
        <CreatedKey created={created} onDone={() => setCreated(null)} />
      ) : (
        <NewKeyForm
          onCreated={(key) => {
            setCreated(key);
            keys.reload();
          }}
        />
      )}
      <Loaded result={keys} what="API keys">
        {(page) => (
          <DataTable<ApiKey>
            caption="API keys"
            rows={page.data}
            rowKey={(k) => k.id}
            empty="This tenant has no API keys yet."
            columns={[
              {
                header: "Name",
                cell: (k) => (
                  <>
                    {k.name}
                    {k.id === ownKeyId && <span class="muted"> (this session)</span>}
                  </>
                ),
              },
              { header: "Starts with", cell: (k) => <code>{k.prefix}</code> },
              {
                header: "State",
                cell: (k) => <span class={`badge badge-${keyState(k)}`}>{keyState(k)}</span>,
              },
              { header: "Created", cell: (k) => formatTime(k.createdAt) },
              { header: "Last used", cell: (k) => formatTime(k.lastUsedAt) },
              { header: "Expires", cell: (k) => (k.expiresAt ? formatTime(k.expiresAt) : "never") },
              {
                header: "Actions",
                cell: (k) =>
                  keyState(k) === "active" ? (
                    <RevokeButton apiKey={k} own={k.id === ownKeyId} onRevoked={keys.reload} />
                  ) : (
                    "—"
                  ),
              },
            ]}
          />
        )}
      </Loaded>
    </>
  );
}

export const apiKeysPage: ConsolePage = {
  path: "api-keys",
  title: "API keys",
  audience: "everyone",
  tenantScoped: true,
  component: ApiKeys,
};
